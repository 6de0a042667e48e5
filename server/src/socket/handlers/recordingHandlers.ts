import { handle } from '../handle.ts';
import { joinedState, type SocketContext } from '../socketContext.ts';

/** Starting and stopping the session's recording (moderators and organizers, checked in the app layer). */
export function registerRecordingHandlers({ socket, logger }: SocketContext): void {
  const session = () => joinedState(socket).session;
  handle(socket, 'recording:start', logger, () => session().startRecording(socket.id));
  handle(socket, 'recording:stop', logger, async () => {
    await session().stopRecording(socket.id);
    return {};
  });
}
