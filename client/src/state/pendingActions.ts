import type { RequestName } from '@multaqa/shared';

/**
 * The requests a person's controls have sent and not yet had answered, one per group: the
 * controls of a group (the floor: give, next, take) wait while one of them is out, so a second
 * click can neither repeat it nor undo it before the answer (a checkbox clicked twice while the
 * server is slow would otherwise end where it started, and say nothing).
 */
export type PendingAction = {
  request: RequestName;
  /** Whom the request is about (the person given the floor, muted, moved). */
  target?: string;
  /** What a toggle asked for: it shows this until the answer comes. */
  wants?: boolean;
};

export type PendingActions = Readonly<Record<string, PendingAction>>;

/** Requests that act on one person: each person's controls are a group of their own. */
const ABOUT_A_PERSON: ReadonlySet<RequestName> = new Set<RequestName>(['queue:move', 'queue:remove', 'moderation:mute', 'moderation:remove']);

const GROUP_OF: Partial<Record<RequestName, string>> = {
  'queue:raiseHand': 'hand',
  'queue:lowerHand': 'hand',
  'floor:give': 'floor',
  'floor:next': 'floor',
  'floor:take': 'floor',
  'recording:start': 'recording',
  'recording:stop': 'recording',
  'booth:goOnAir': 'booth',
  'booth:goOffAir': 'booth',
  'booth:offerHandover': 'booth',
  'booth:cancelHandover': 'booth',
  'booth:takeOver': 'booth',
};

/** Which group a request's controls belong to: the request itself, unless it shares one. */
export function groupOf(request: RequestName, target?: string): string {
  if (ABOUT_A_PERSON.has(request)) return `${request.slice(0, request.indexOf(':'))}:${target ?? ''}`;
  return GROUP_OF[request] ?? request;
}

/** `pending` with `action` out, or undefined when its group already has one out. */
export function started(pending: PendingActions, action: PendingAction): PendingActions | undefined {
  const group = groupOf(action.request, action.target);
  if (pending[group]) return undefined;
  return { ...pending, [group]: action };
}

export function finished(pending: PendingActions, action: PendingAction): PendingActions {
  const group = groupOf(action.request, action.target);
  if (pending[group] !== action) return pending;
  const { [group]: _done, ...rest } = pending;
  return rest;
}

/** How a control shows its state: busy while its own request is out, unavailable while its group's is. */
export type ControlState = { busy: boolean; waiting: boolean; wants?: boolean };

export function controlState(pending: PendingActions, request: RequestName, target?: string): ControlState {
  const out = pending[groupOf(request, target)];
  if (!out) return { busy: false, waiting: false };
  const own = out.request === request && out.target === target;
  return { busy: own, waiting: true, ...(own && out.wants !== undefined ? { wants: out.wants } : {}) };
}
