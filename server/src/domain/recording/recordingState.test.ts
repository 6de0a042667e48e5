import { describe, expect, it } from 'vitest';
import type { RoleGrant } from '@multaqa/shared';
import { assertMayRecord, IDLE, mayDownloadRecordings, nextRecordingState, type RecordingEvent, type RecordingState } from './recordingState.ts';

const mona = { id: 'mona', name: 'Mona' };
const run = (...events: RecordingEvent[]) => events.reduce<RecordingState>(nextRecordingState, IDLE);

describe('recording state machine', () => {
  it('start, started, stop, finished', () => {
    expect(run({ type: 'start', id: 'r1', by: mona })).toEqual({ phase: 'starting', id: 'r1', by: mona });
    expect(run({ type: 'start', id: 'r1', by: mona }, { type: 'started', at: 5 })).toEqual({ phase: 'recording', id: 'r1', by: mona, startedAt: 5 });
    const stopping = run({ type: 'start', id: 'r1', by: mona }, { type: 'started', at: 5 }, { type: 'stop', reason: 'stopped', by: mona });
    expect(stopping).toEqual({ phase: 'stopping', id: 'r1', by: mona, startedAt: 5, stop: { reason: 'stopped', by: mona } });
    expect(nextRecordingState(stopping, { type: 'finished' })).toBe(IDLE);
  });

  it('refuses a second start in every phase but idle', () => {
    const states = [
      run({ type: 'start', id: 'r1', by: mona }),
      run({ type: 'start', id: 'r1', by: mona }, { type: 'started', at: 5 }),
      run({ type: 'start', id: 'r1', by: mona }, { type: 'started', at: 5 }, { type: 'stop', reason: 'stopped' }),
    ];
    for (const state of states) expect(() => nextRecordingState(state, { type: 'start', id: 'r2', by: mona })).toThrowError(/being recorded already/);
  });

  it('a stop while starting is carried out once the tracks are ready; the first stop wins; later stops change nothing', () => {
    const starting = run({ type: 'start', id: 'r1', by: mona }, { type: 'stop', reason: 'sessionClosed' }, { type: 'stop', reason: 'stopped', by: mona });
    expect(starting).toMatchObject({ phase: 'starting', stop: { reason: 'sessionClosed' } });
    const stopping = nextRecordingState(starting, { type: 'started', at: 9 });
    expect(stopping).toEqual({ phase: 'stopping', id: 'r1', by: mona, startedAt: 9, stop: { reason: 'sessionClosed' } });
    expect(nextRecordingState(stopping, { type: 'stop', reason: 'serverShutdown' })).toBe(stopping);
  });

  it('a failed start goes back to idle; stopping nothing is refused', () => {
    expect(run({ type: 'start', id: 'r1', by: mona }, { type: 'failed' })).toBe(IDLE);
    expect(() => run({ type: 'stop', reason: 'stopped' })).toThrowError(/not being recorded/);
    expect(() => run({ type: 'started', at: 1 })).toThrowError();
    expect(() => run({ type: 'finished' })).toThrowError();
  });
});

describe('who records and who downloads', () => {
  const grants: RoleGrant[] = [{ role: 'attendee' }, { role: 'speaker' }, { role: 'interpreter', language: 'fr' }, { role: 'moderator' }, { role: 'organizer' }];
  it.each(grants.map((grant) => [grant.role, grant] as const))('%s', (role, grant) => {
    if (role === 'moderator' || role === 'organizer') expect(() => assertMayRecord(grant)).not.toThrow();
    else expect(() => assertMayRecord(grant)).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(mayDownloadRecordings(grant)).toBe(role === 'organizer');
  });
});
