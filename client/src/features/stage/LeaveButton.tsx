import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { languageName } from '../../components/roleLabel.ts';
import type { SessionController } from '../../state/sessionController.ts';
import type { SessionState } from '../../state/sessionState.ts';

/** What leaving now would cut off, in words; undefined: nothing (leave at once). */
export function leaveQuestion(state: SessionState): string | undefined {
  const { self, booths, queue } = state;
  if (!self) return undefined;
  const onAir = booths.find((booth) => booth.onAir === self.id);
  if (onAir) return `You are on air. Leave now? Listeners of the ${languageName(onAir.language)} channel will hear the floor until someone goes on air.`;
  if (queue.current?.participantId === self.id) return 'You have the floor. Leave now? Your turn ends for everyone.';
  return undefined;
}

/** Leave the session; asked first while on air or holding the floor. */
export function LeaveButton({ controller, state }: { controller: SessionController; state: SessionState }) {
  const question = leaveQuestion(state);
  return (
    <ConfirmButton ask={question !== undefined} question={question ?? ''} confirmLabel="Leave now" cancelLabel="Stay" onConfirm={() => void controller.leave()}>
      Leave
    </ConfirmButton>
  );
}
