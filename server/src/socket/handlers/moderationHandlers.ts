import { DomainError } from '../../domain/errors.ts';
import { handle } from '../handle.ts';
import type { SocketContext } from '../socketContext.ts';

/** Raising hands (everyone) and running the queue and the floor (moderators, checked in the app layer). */
export function registerModerationHandlers({ socket, logger }: SocketContext): void {
  const session = () => {
    const state = socket.data.joined;
    if (!state) throw new DomainError('NOT_JOINED', 'join the session first');
    return state.session;
  };
  const moderate = (action: Parameters<ReturnType<typeof session>['moderate']>[1]) =>
    session()
      .moderate(socket.id, action)
      .then((queue) => ({ queue }));

  handle(socket, 'queue:raiseHand', logger, async (hand) => ({ queue: await session().raiseHand(socket.id, hand) }));
  handle(socket, 'queue:lowerHand', logger, async () => ({ queue: await session().lowerHand(socket.id) }));
  handle(socket, 'queue:remove', logger, ({ participantId }) => moderate({ type: 'remove', participantId }));
  handle(socket, 'queue:move', logger, ({ participantId, toPosition }) => moderate({ type: 'move', participantId, toPosition }));
  handle(socket, 'queue:lowerAll', logger, () => moderate({ type: 'lowerAll' }));
  handle(socket, 'floor:give', logger, ({ participantId, limitSeconds }) =>
    moderate({ type: 'giveFloor', participantId, ...(limitSeconds ? { limitSeconds } : {}) }),
  );
  handle(socket, 'floor:next', logger, ({ limitSeconds }) => moderate({ type: 'nextSpeaker', ...(limitSeconds ? { limitSeconds } : {}) }));
  handle(socket, 'floor:take', logger, () => moderate({ type: 'takeFloor' }));
  handle(socket, 'floor:setTimeLimit', logger, ({ limitSeconds }) => moderate({ type: 'setTimeLimit', limitSeconds }));
  handle(socket, 'moderation:mute', logger, async ({ participantId }) => {
    await session().moderatePeople(socket.id, { type: 'mute', participantId });
    return {};
  });
  handle(socket, 'moderation:muteAll', logger, async () => {
    await session().moderatePeople(socket.id, { type: 'muteAll' });
    return {};
  });
  handle(socket, 'moderation:remove', logger, async ({ participantId }) => {
    await session().moderatePeople(socket.id, { type: 'remove', participantId });
    return {};
  });
  handle(socket, 'moderation:listParticipants', logger, () => ({ participants: session().participantsFor(socket.id) }));
}
