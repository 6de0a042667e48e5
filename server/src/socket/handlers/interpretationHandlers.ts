import { handle } from '../handle.ts';
import { joinedState, type SocketContext } from '../socketContext.ts';

/** Listeners pick a channel; interpreters run their booth. */
export function registerInterpretationHandlers({ socket, logger }: SocketContext): void {
  const joined = () => joinedState(socket);
  const act = (action: Parameters<ReturnType<typeof joined>['session']['boothAction']>[1]) =>
    joined()
      .session.boothAction(socket.id, action)
      .then((booth) => ({ booth }));

  handle(socket, 'interpretation:selectLanguage', logger, ({ language }) =>
    joined().session.selectLanguage(socket.id, language),
  );

  handle(socket, 'booth:goOnAir', logger, () => act({ type: 'goOnAir' }));
  handle(socket, 'booth:goOffAir', logger, () => act({ type: 'goOffAir' }));
  handle(socket, 'booth:offerHandover', logger, () => act({ type: 'offerHandover' }));
  handle(socket, 'booth:cancelHandover', logger, () => act({ type: 'cancelHandover' }));
  handle(socket, 'booth:takeOver', logger, ({ force }) => act({ type: 'takeOver', force: force ?? false }));
  handle(socket, 'booth:setMuted', logger, async ({ muted }) => ({ booth: await joined().session.cough(socket.id, muted) }));
  handle(socket, 'booth:setInput', logger, ({ input }) => act({ type: 'setInput', input }));

  handle(socket, 'booth:sendChat', logger, async ({ text }) => {
    await joined().session.sendBoothChat(socket.id, text);
    return {};
  });
}
