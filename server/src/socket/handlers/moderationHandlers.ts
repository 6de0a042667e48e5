import { handle } from '../handle.ts';
import type { PeopleAction } from '../../app/sessionPeopleModeration.ts';
import { joinedState, type SocketContext } from '../socketContext.ts';

/** Raising hands (everyone) and running the queue and the floor (moderators, checked in the app layer). */
export function registerModerationHandlers({ socket, logger }: SocketContext): void {
  const session = () => joinedState(socket).session;
  const moderate = (action: Parameters<ReturnType<typeof session>['moderate']>[1]) =>
    session()
      .moderate(socket.id, action)
      .then((queue) => ({ queue }));

  handle(socket, 'queue:raiseHand', logger, async (hand) => ({ queue: await session().raiseHand(socket.id, hand) }));
  handle(socket, 'queue:lowerHand', logger, async () => ({ queue: await session().lowerHand(socket.id) }));
  handle(socket, 'queue:get', logger, async () => ({ queue: session().queueFor(socket.id) }));
  handle(socket, 'queue:remove', logger, ({ participantId }) => moderate({ type: 'remove', participantId }));
  handle(socket, 'queue:move', logger, ({ participantId, toPosition }) => moderate({ type: 'move', participantId, toPosition }));
  handle(socket, 'queue:lowerAll', logger, () => moderate({ type: 'lowerAll' }));
  handle(socket, 'floor:give', logger, ({ participantId, ...turn }) => moderate({ type: 'giveFloor', participantId, ...definedOnly(turn) }));
  handle(socket, 'floor:next', logger, (turn) => moderate({ type: 'nextSpeaker', ...definedOnly(turn) }));
  handle(socket, 'floor:take', logger, () => moderate({ type: 'takeFloor' }));
  handle(socket, 'floor:setTimeLimit', logger, ({ limitSeconds, onTimeUp }) =>
    moderate({ type: 'setTimeLimit', limitSeconds, ...definedOnly({ onTimeUp }) }),
  );
  handle(socket, 'booth:slowDown', logger, async () => {
    await session().askToSlowDown(socket.id);
    return {};
  });
  const actOnPeople = async (action: PeopleAction) => {
    const { session, participant } = joinedState(socket);
    await session.people.act(participant, action);
    return {};
  };
  handle(socket, 'moderation:mute', logger, ({ participantId }) => actOnPeople({ type: 'mute', participantId }));
  handle(socket, 'moderation:muteAll', logger, () => actOnPeople({ type: 'muteAll' }));
  handle(socket, 'moderation:remove', logger, ({ participantId }) => actOnPeople({ type: 'remove', participantId }));
  handle(socket, 'moderation:listParticipants', logger, async () => {
    const { session, participant } = joinedState(socket);
    return { participants: await session.people.participants(participant) };
  });
}

/** Drops keys whose value is undefined (optional request fields not sent). */
function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
