import { handle } from '../handle.ts';
import { joinedState, type SocketContext } from '../socketContext.ts';

/** Starting and stopping the session's recording (moderators and organizers, checked in the app layer). */
export function registerRecordingHandlers({ socket, logger }: SocketContext): void {
  const session = () => joinedState(socket).session;
  handle(socket, 'recording:start', logger, async () => {
    const { recording, by } = session().recordingFor(socket.id);
    return { recording: await recording.start(by) };
  });
  // Stopped on whichever process records it; answered once its files are written.
  handle(socket, 'recording:stop', logger, async () => {
    const { recording, by } = session().recordingFor(socket.id);
    await recording.stop('stopped', by);
    return {};
  });
}
