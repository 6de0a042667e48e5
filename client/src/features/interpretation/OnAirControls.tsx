import type { Booth } from '@multaqa/shared';
import type { SessionController } from '../../state/sessionController.ts';

/** The big on-air button, the cough button (held), and handover. */
export function OnAirControls({ controller, booth, selfId }: { controller: SessionController; booth: Booth; selfId: string }) {
  const onAir = booth.onAir === selfId;
  const someoneElse = booth.onAir !== null && !onAir;
  const offered = someoneElse && booth.handoverOfferedBy === booth.onAir;
  const liveName = booth.interpreters.find((i) => i.id === booth.onAir)?.name;

  return (
    <div className="on-air-controls">
      {onAir ? (
        <button type="button" className="on-air live" onClick={() => void controller.boothAction('booth:goOffAir')}>
          ON AIR — go off air
        </button>
      ) : offered ? (
        <button type="button" className="on-air take" onClick={() => void controller.boothAction('booth:takeOver')}>
          Take over from {liveName}
        </button>
      ) : (
        <button type="button" className="on-air" disabled={someoneElse} onClick={() => void controller.boothAction('booth:goOnAir')}>
          {someoneElse ? `${liveName} is on air` : 'Go on air'}
        </button>
      )}
      {onAir && (
        <>
          <button
            type="button"
            className="cough"
            aria-pressed={booth.muted}
            onPointerDown={() => void controller.setCoughing(true)}
            onPointerUp={() => void controller.setCoughing(false)}
            onPointerLeave={() => booth.muted && void controller.setCoughing(false)}
          >
            Cough (hold)
          </button>
          {booth.handoverOfferedBy === selfId ? (
            <button type="button" onClick={() => void controller.boothAction('booth:cancelHandover')}>
              Cancel handover
            </button>
          ) : (
            <button type="button" disabled={booth.interpreters.length < 2} onClick={() => void controller.boothAction('booth:offerHandover')}>
              Offer handover
            </button>
          )}
        </>
      )}
    </div>
  );
}
