import { describe, expect, it } from 'vitest';
import type { Booth } from '@multaqa/shared';
import { DomainError } from '../errors.ts';
import { applyBoothCommand, channelConsumerFlows, emptyBooth, isLive, voiceOf, type BoothCommand } from './booth.ts';

const amal = { id: 'amal', name: 'Amal' };
const bruno = { id: 'bruno', name: 'Bruno' };

function run(...commands: BoothCommand[]): Booth {
  return commands.reduce(applyBoothCommand, emptyBooth('fr'));
}

function refusal(booth: Booth, command: BoothCommand): string {
  try {
    applyBoothCommand(booth, command);
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error(`expected ${command.type} to be refused`);
}

const pair = () => run({ type: 'join', interpreter: amal }, { type: 'join', interpreter: bruno });
const amalLive = () => applyBoothCommand(pair(), { type: 'goOnAir', by: 'amal' });

describe('booth: joining and leaving', () => {
  it('interpreters join with the floor as input, nobody on air', () => {
    const booth = pair();
    expect(booth.interpreters).toEqual([
      { ...amal, input: { kind: 'floor' } },
      { ...bruno, input: { kind: 'floor' } },
    ]);
    expect(booth.onAir).toBeNull();
    expect(isLive(booth)).toBe(false);
  });

  it('re-joining keeps input and on-air state (a reconnect)', () => {
    const live = applyBoothCommand(amalLive(), { type: 'setInput', by: 'amal', input: { kind: 'booth', language: 'en' } });
    const again = applyBoothCommand(live, { type: 'join', interpreter: amal });
    expect(again).toBe(live);
  });

  it('a dropped connection marks the interpreter away, on air still; coming back clears it', () => {
    const away = applyBoothCommand(amalLive(), { type: 'setAway', by: 'amal', away: true });
    expect(away.onAir).toBe('amal');
    expect(away.interpreters.find((i) => i.id === 'amal')?.away).toBe(true);
    expect(applyBoothCommand(away, { type: 'setAway', by: 'amal', away: true })).toBe(away);
    // The partner may take the channel meanwhile.
    expect(applyBoothCommand(away, { type: 'takeOver', by: 'bruno', force: true }).onAir).toBe('bruno');
    const back = applyBoothCommand(away, { type: 'join', interpreter: amal });
    expect(back.onAir).toBe('amal');
    expect(back.interpreters.find((i) => i.id === 'amal')).toEqual({ ...amal, input: { kind: 'floor' } });
    expect(back.version).toBe(away.version + 1);
  });

  it('the live interpreter leaving takes the channel off air', () => {
    const booth = applyBoothCommand(amalLive(), { type: 'leave', by: 'amal' });
    expect(booth.onAir).toBeNull();
    expect(booth.interpreters.map((i) => i.id)).toEqual(['bruno']);
  });

  it('the partner leaving changes nothing on air', () => {
    const booth = applyBoothCommand(amalLive(), { type: 'leave', by: 'bruno' });
    expect(booth.onAir).toBe('amal');
  });

  it('outsiders can do nothing but join', () => {
    for (const type of ['leave', 'goOnAir', 'goOffAir', 'offerHandover', 'cancelHandover', 'takeOver'] as const) {
      expect(refusal(pair(), { type, by: 'mallory' })).toMatch(/^FORBIDDEN: you are not in the fr booth/);
    }
  });
});

describe('booth: on air', () => {
  it('one interpreter goes on air; the partner cannot too', () => {
    const booth = amalLive();
    expect(booth.onAir).toBe('amal');
    expect(isLive(booth)).toBe(true);
    expect(refusal(booth, { type: 'goOnAir', by: 'bruno' })).toBe('INVALID_STATE: Amal is on air; ask them to hand over');
    expect(refusal(booth, { type: 'goOnAir', by: 'amal' })).toMatch(/already on air/);
  });

  it('going off air leaves the channel idle', () => {
    const booth = applyBoothCommand(amalLive(), { type: 'goOffAir', by: 'amal' });
    expect(booth.onAir).toBeNull();
    expect(refusal(booth, { type: 'goOffAir', by: 'amal' })).toMatch(/not on air/);
  });

  it('cough: only the live interpreter mutes, and it is momentary state', () => {
    const coughing = applyBoothCommand(amalLive(), { type: 'setMuted', by: 'amal', muted: true });
    expect(coughing.muted).toBe(true);
    expect(isLive(coughing)).toBe(false);
    expect(voiceOf(coughing)).toBeNull();
    expect(refusal(amalLive(), { type: 'setMuted', by: 'bruno', muted: true })).toMatch(/only the interpreter on air/);
    const back = applyBoothCommand(coughing, { type: 'setMuted', by: 'amal', muted: false });
    expect(isLive(back)).toBe(true);
    expect(voiceOf(back)).toBe('amal');
  });

  it("a listener's channel consumer carries sound only for the channel they listen to", () => {
    expect(channelConsumerFlows('fr', 'fr')).toBe(true);
    expect(channelConsumerFlows('fr', 'es')).toBe(false);
    expect(channelConsumerFlows('fr', null)).toBe(false);
  });

  it('every change bumps the version; a no-op does not', () => {
    const booth = amalLive();
    expect(booth.version).toBe(3);
    expect(applyBoothCommand(booth, { type: 'setMuted', by: 'amal', muted: false })).toBe(booth);
  });
});

describe('booth: handover', () => {
  it('offer, then the partner takes: the channel switches in one step', () => {
    const offered = applyBoothCommand(amalLive(), { type: 'offerHandover', by: 'amal' });
    expect(offered.handoverOfferedBy).toBe('amal');
    const taken = applyBoothCommand(offered, { type: 'takeOver', by: 'bruno' });
    expect(taken).toMatchObject({ onAir: 'bruno', handoverOfferedBy: null, muted: false });
  });

  it('taking without an offer is refused while someone is on air', () => {
    expect(refusal(amalLive(), { type: 'takeOver', by: 'bruno' })).toBe(
      'INVALID_STATE: Amal is on air and has not offered a handover',
    );
  });

  it('a partner may force a take-over from a live one who is silent or gone: one step, no offer needed', () => {
    const coughing = applyBoothCommand(amalLive(), { type: 'setMuted', by: 'amal', muted: true });
    const taken = applyBoothCommand(coughing, { type: 'takeOver', by: 'bruno', force: true });
    expect(taken).toMatchObject({ onAir: 'bruno', muted: false, handoverOfferedBy: null });
    expect(refusal(taken, { type: 'takeOver', by: 'bruno', force: true })).toBe('INVALID_STATE: you are already on air');
    expect(refusal(taken, { type: 'takeOver', by: 'outsider', force: true })).toMatch(/^FORBIDDEN: /);
  });

  it('the partner takes after the live one released', () => {
    const released = applyBoothCommand(amalLive(), { type: 'goOffAir', by: 'amal' });
    expect(applyBoothCommand(released, { type: 'takeOver', by: 'bruno' }).onAir).toBe('bruno');
  });

  it('a cancelled offer can no longer be taken', () => {
    const offered = applyBoothCommand(amalLive(), { type: 'offerHandover', by: 'amal' });
    const cancelled = applyBoothCommand(offered, { type: 'cancelHandover', by: 'amal' });
    expect(refusal(cancelled, { type: 'takeOver', by: 'bruno' })).toMatch(/has not offered/);
    expect(refusal(cancelled, { type: 'cancelHandover', by: 'amal' })).toMatch(/not offered/);
  });

  it('only the live interpreter can offer, and only with a partner present', () => {
    expect(refusal(amalLive(), { type: 'offerHandover', by: 'bruno' })).toMatch(/only the interpreter on air/);
    const alone = applyBoothCommand(run({ type: 'join', interpreter: amal }), { type: 'goOnAir', by: 'amal' });
    expect(refusal(alone, { type: 'offerHandover', by: 'amal' })).toMatch(/no partner/);
  });

  it('two partners pressing take on the same state: the second sees the first already live', () => {
    const third = { id: 'chen', name: 'Chen' };
    const offered = applyBoothCommand(applyBoothCommand(amalLive(), { type: 'join', interpreter: third }), {
      type: 'offerHandover',
      by: 'amal',
    });
    const first = applyBoothCommand(offered, { type: 'takeOver', by: 'bruno' });
    expect(refusal(first, { type: 'takeOver', by: 'chen' })).toBe('INVALID_STATE: Bruno is on air and has not offered a handover');
  });
});

describe('booth: input and relay', () => {
  it('an interpreter switches to relay from another booth and back', () => {
    const relay = applyBoothCommand(pair(), { type: 'setInput', by: 'bruno', input: { kind: 'booth', language: 'en' } });
    expect(relay.interpreters.find((i) => i.id === 'bruno')?.input).toEqual({ kind: 'booth', language: 'en' });
    const floor = applyBoothCommand(relay, { type: 'setInput', by: 'bruno', input: { kind: 'floor' } });
    expect(floor.interpreters.find((i) => i.id === 'bruno')?.input).toEqual({ kind: 'floor' });
  });

  it('a booth cannot relay from itself', () => {
    expect(refusal(pair(), { type: 'setInput', by: 'amal', input: { kind: 'booth', language: 'fr' } })).toMatch(
      /^VALIDATION_FAILED: a booth cannot relay from itself/,
    );
  });
});

describe('booth: invariants under random commands', () => {
  it('never two on air, never an outsider on air, offers only from the live one', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const people = [amal, bruno, { id: 'chen', name: 'Chen' }];
    let booth = emptyBooth('fr');
    let accepted = 0;
    for (let step = 0; step < 5_000; step++) {
      const person = people[Math.floor(random() * people.length)]!;
      const commands: BoothCommand[] = [
        { type: 'join', interpreter: person },
        { type: 'leave', by: person.id },
        { type: 'goOnAir', by: person.id },
        { type: 'goOffAir', by: person.id },
        { type: 'offerHandover', by: person.id },
        { type: 'cancelHandover', by: person.id },
        { type: 'takeOver', by: person.id },
        { type: 'takeOver', by: person.id, force: true },
        { type: 'setMuted', by: person.id, muted: random() < 0.5 },
        { type: 'setInput', by: person.id, input: random() < 0.5 ? { kind: 'floor' } : { kind: 'booth', language: 'en' } },
        { type: 'setAway', by: person.id, away: random() < 0.5 },
      ];
      try {
        booth = applyBoothCommand(booth, commands[Math.floor(random() * commands.length)]!);
        accepted++;
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
      }
      const ids = booth.interpreters.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      if (booth.onAir !== null) expect(ids).toContain(booth.onAir);
      if (booth.handoverOfferedBy !== null) expect(booth.handoverOfferedBy).toBe(booth.onAir);
      if (booth.muted) expect(booth.onAir).not.toBeNull();
    }
    expect(accepted).toBeGreaterThan(1_000);
  });
});
