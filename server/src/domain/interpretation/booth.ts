import type { Booth, BoothInterpreter, InterpreterInput } from '@multaqa/shared';
import { DomainError } from '../errors.ts';

/** Everything an interpreter (or the system on their behalf) can do to a booth. */
export type BoothCommand =
  | { type: 'join'; interpreter: { id: string; name: string } }
  | { type: 'leave'; by: string }
  /** Their connection dropped (`away`), or they are back. */
  | { type: 'setAway'; by: string; away: boolean }
  | { type: 'goOnAir'; by: string }
  | { type: 'goOffAir'; by: string }
  | { type: 'offerHandover'; by: string }
  | { type: 'cancelHandover'; by: string }
  /** `force`: without an offer, from an on-air partner who is silent or gone. */
  | { type: 'takeOver'; by: string; force?: boolean }
  | { type: 'setMuted'; by: string; muted: boolean }
  | { type: 'setInput'; by: string; input: InterpreterInput };

export function emptyBooth(language: string): Booth {
  return { language, interpreters: [], onAir: null, muted: false, handoverOfferedBy: null, version: 0 };
}

/**
 * The channel rule, in one place: the voice listeners of a channel hear is its on-air
 * interpreter, unless they are coughing; nobody else's producer on the channel flows.
 */
export function voiceOf(booth: Booth): string | null {
  return booth.muted ? null : booth.onAir;
}

/** Whether listeners of this channel hear an interpreter now (someone on air, not coughing). */
export function isLive(booth: Booth): boolean {
  return voiceOf(booth) !== null;
}

/** A listener's consumer of a channel voice carries sound only while they listen to that channel. */
export function channelConsumerFlows(consumerLanguage: string, listeningTo: string | null): boolean {
  return consumerLanguage === listeningTo;
}

/**
 * The booth state machine: returns the next state, or throws a DomainError saying why the
 * command is not allowed now. Pure: no clock, no I/O. Invariant: at most one interpreter is
 * on air, and only one who is in the booth.
 */
export function applyBoothCommand(booth: Booth, command: BoothCommand): Booth {
  const next = transition(booth, command);
  return next === booth ? booth : { ...next, version: booth.version + 1 };
}

function transition(booth: Booth, command: BoothCommand): Booth {
  if (command.type === 'join') {
    const existing = booth.interpreters.find((i) => i.id === command.interpreter.id);
    if (existing) {
      // Re-joining (a reconnect) keeps their input and whether they were on air.
      if (existing.name === command.interpreter.name && !existing.away) return booth;
      const { away: _back, ...present } = existing;
      return { ...booth, interpreters: booth.interpreters.map((i) => (i === existing ? { ...present, name: command.interpreter.name } : i)) };
    }
    const joined: BoothInterpreter = { ...command.interpreter, input: { kind: 'floor' } };
    return { ...booth, interpreters: [...booth.interpreters, joined] };
  }

  const me = member(booth, command.by);
  switch (command.type) {
    case 'setAway': {
      if ((me.away ?? false) === command.away) return booth;
      const { away: _was, ...rest } = me;
      return { ...booth, interpreters: booth.interpreters.map((i) => (i === me ? (command.away ? { ...rest, away: true } : rest) : i)) };
    }

    case 'leave':
      return {
        ...booth,
        interpreters: booth.interpreters.filter((i) => i !== me),
        ...(booth.onAir === me.id ? offAir : {}),
        ...(booth.handoverOfferedBy === me.id ? { handoverOfferedBy: null } : {}),
      };

    case 'goOnAir':
      if (booth.onAir === me.id) throw refuse('you are already on air');
      if (booth.onAir !== null) throw refuse(`${nameOf(booth, booth.onAir)} is on air; ask them to hand over`);
      return { ...booth, onAir: me.id, muted: false, handoverOfferedBy: null };

    case 'goOffAir':
      if (booth.onAir !== me.id) throw refuse('you are not on air');
      return { ...booth, ...offAir };

    case 'offerHandover':
      if (booth.onAir !== me.id) throw refuse('only the interpreter on air can offer a handover');
      if (booth.interpreters.length < 2) throw refuse('there is no partner in the booth to hand over to');
      return { ...booth, handoverOfferedBy: me.id };

    case 'cancelHandover':
      if (booth.handoverOfferedBy !== me.id) throw refuse('you have not offered a handover');
      return { ...booth, handoverOfferedBy: null };

    case 'takeOver':
      if (booth.onAir === me.id) throw refuse('you are already on air');
      if (booth.onAir === null) return { ...booth, onAir: me.id, muted: false, handoverOfferedBy: null };
      if (booth.handoverOfferedBy !== booth.onAir && !command.force) {
        throw refuse(`${nameOf(booth, booth.onAir)} is on air and has not offered a handover`);
      }
      // The switch is one state change: the channel never has nobody, or two, on air.
      return { ...booth, onAir: me.id, muted: false, handoverOfferedBy: null };

    case 'setMuted':
      if (booth.onAir !== me.id) throw refuse('only the interpreter on air can mute the channel');
      if (booth.muted === command.muted) return booth;
      return { ...booth, muted: command.muted };

    case 'setInput': {
      const { input } = command;
      if (input.kind === 'booth' && input.language === booth.language) {
        throw new DomainError('VALIDATION_FAILED', 'a booth cannot relay from itself');
      }
      if (sameInput(me.input, input)) return booth;
      return { ...booth, interpreters: booth.interpreters.map((i) => (i === me ? { ...i, input } : i)) };
    }
  }
}

const offAir = { onAir: null, muted: false, handoverOfferedBy: null } as const;

function member(booth: Booth, id: string): BoothInterpreter {
  const interpreter = booth.interpreters.find((i) => i.id === id);
  if (!interpreter) throw new DomainError('FORBIDDEN', `you are not in the ${booth.language} booth`);
  return interpreter;
}

function nameOf(booth: Booth, id: string): string {
  return booth.interpreters.find((i) => i.id === id)?.name ?? 'another interpreter';
}

function refuse(message: string): DomainError {
  return new DomainError('INVALID_STATE', message);
}

function sameInput(a: InterpreterInput, b: InterpreterInput): boolean {
  return a.kind === b.kind && (a.kind === 'floor' || (b.kind === 'booth' && a.language === b.language));
}
