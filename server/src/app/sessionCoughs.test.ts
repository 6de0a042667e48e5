import { describe, expect, it } from 'vitest';
import type { Booth, Participant } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';
import { createLogger } from '../logger.ts';
import { SessionCoughs } from './sessionCoughs.ts';

const amal: Participant = { id: 'amal', name: 'Amal', grant: { role: 'interpreter', language: 'fr' } };
const booth = (muted: boolean): Booth => ({ language: 'fr', interpreters: [{ id: 'amal', name: 'Amal', input: { kind: 'floor' } }], onAir: 'amal', muted, handoverOfferedBy: null, version: 3 });

function coughsWith({ ready = true, failTells = 0 } = {}) {
  const silenced: boolean[] = [];
  const told: boolean[] = [];
  let storeReady = ready;
  let failures = failTells;
  const coughs = new SessionCoughs({
    silence: (_id, coughing) => silenced.push(coughing),
    preview: (participant, muted) => {
      if (participant.id !== 'amal') throw new DomainError('INVALID_STATE', 'only the interpreter on air can mute the channel');
      return booth(muted);
    },
    tell: async (_participant, muted) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failures-- > 0) throw new Error('Command timed out');
      told.push(muted);
    },
    participant: (id) => (id === 'amal' ? amal : undefined),
    storeReady: () => storeReady,
    logger: createLogger('silent'),
  });
  return { coughs, silenced, told, setReady: (value: boolean) => (storeReady = value) };
}

describe('SessionCoughs', () => {
  it('silences at once and answers with the booth as it will be; the booth hears every press in order', async () => {
    const { coughs, silenced, told } = coughsWith();
    expect(await coughs.cough(amal, true)).toMatchObject({ muted: true });
    expect(silenced).toEqual([true]);
    expect(await coughs.cough(amal, false)).toMatchObject({ muted: false });
    await coughs.tellBooths();
    expect(silenced).toEqual([true, false]);
    expect(told).toEqual([true, false]);
  });

  it('refuses what the booth would refuse, and then silences nothing', async () => {
    const { coughs, silenced } = coughsWith();
    const sara = { ...amal, id: 'sara' };
    await expect(coughs.cough(sara, true)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(silenced).toEqual([]);
  });

  it('while Redis is away the booth is told later, the last press only', async () => {
    const { coughs, silenced, told, setReady } = coughsWith({ ready: false });
    for (const muted of [true, false, true]) await coughs.cough(amal, muted);
    expect(silenced).toEqual([true, false, true]);
    expect(told).toEqual([]);
    setReady(true);
    await coughs.tellBooths();
    expect(told).toEqual([true]);
  });

  it('a press Redis did not take in time is told again next time, unless a later press replaced it', async () => {
    const { coughs, told, setReady } = coughsWith({ failTells: 2 });
    await coughs.cough(amal, true); // told at once: fails
    await coughs.tellBooths(); // fails again
    expect(told).toEqual([]);
    setReady(false);
    await coughs.cough(amal, false); // replaces it, while Redis is away
    await coughs.tellBooths();
    expect(told).toEqual([false]);
  });

  it('a cough button pressed too often is refused (counted here, in memory)', async () => {
    const { coughs } = coughsWith();
    const acks = await Promise.allSettled(Array.from({ length: 41 }, (_, i) => coughs.cough(amal, i % 2 === 0)));
    expect(acks.filter((ack) => ack.status === 'rejected')).toHaveLength(1);
    await coughs.tellBooths();
  });
});
