import type { RoleGrant } from '@multaqa/shared';
import { DomainError } from '../errors.ts';
import type { Person, StopReason } from './recordingLog.ts';

type Stop = { reason: StopReason; by?: Person };

/**
 * One session's recording on the process that records it. `starting`: its tracks are being
 * set up (nothing is announced yet); a stop asked for meanwhile is kept and carried out once
 * they are. `stopping`: the files are being finished.
 */
export type RecordingState =
  | { phase: 'idle' }
  | { phase: 'starting'; id: string; by: Person; stop?: Stop }
  | { phase: 'recording'; id: string; by: Person; startedAt: number }
  | { phase: 'stopping'; id: string; by: Person; startedAt: number | null; stop: Stop };

export type RecordingEvent =
  | { type: 'start'; id: string; by: Person }
  /** The tracks are ready: the recording runs from `at`. */
  | { type: 'started'; at: number }
  | ({ type: 'stop' } & Stop)
  /** Setting up the tracks failed. */
  | { type: 'failed' }
  /** The files are written. */
  | { type: 'finished' };

export const IDLE: RecordingState = { phase: 'idle' };

/**
 * The recording state machine: the next state, or a DomainError saying why not. A stop is
 * idempotent (the moderator's, the session closing and the server stopping may all come); a
 * second start while one runs is refused.
 */
export function nextRecordingState(state: RecordingState, event: RecordingEvent): RecordingState {
  switch (event.type) {
    case 'start':
      if (state.phase !== 'idle') throw new DomainError('INVALID_STATE', 'this session is being recorded already');
      return { phase: 'starting', id: event.id, by: event.by };
    case 'started':
      if (state.phase !== 'starting') throw new DomainError('INVALID_STATE', 'no recording is starting');
      if (state.stop) return { phase: 'stopping', id: state.id, by: state.by, startedAt: event.at, stop: state.stop };
      return { phase: 'recording', id: state.id, by: state.by, startedAt: event.at };
    case 'stop': {
      const stop: Stop = { reason: event.reason, ...(event.by ? { by: event.by } : {}) };
      if (state.phase === 'idle') throw new DomainError('INVALID_STATE', 'this session is not being recorded');
      if (state.phase === 'starting') return state.stop ? state : { ...state, stop };
      if (state.phase === 'stopping') return state;
      return { phase: 'stopping', id: state.id, by: state.by, startedAt: state.startedAt, stop };
    }
    case 'failed':
      if (state.phase !== 'starting') throw new DomainError('INVALID_STATE', 'no recording is starting');
      return IDLE;
    case 'finished':
      if (state.phase !== 'stopping') throw new DomainError('INVALID_STATE', 'no recording is stopping');
      return IDLE;
  }
}

/** Moderators and organizers start and stop recordings. */
export function assertMayRecord(grant: RoleGrant): void {
  if (grant.role !== 'moderator' && grant.role !== 'organizer') {
    throw new DomainError('FORBIDDEN', 'only moderators and organizers can start or stop a recording');
  }
}

/** Only organizers list and download a session's recordings. */
export function mayDownloadRecordings(grant: RoleGrant): boolean {
  return grant.role === 'organizer';
}
