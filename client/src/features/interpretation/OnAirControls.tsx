import { useRef, useState } from 'react';
import type { Booth } from '@multaqa/shared';
import type { SessionController } from '../../state/sessionController.ts';

/** The big on-air button, the cough button (held), handover, and taking over from a silent partner. */
export function OnAirControls({ controller, booth, selfId }: { controller: SessionController; booth: Booth; selfId: string }) {
  const [confirmingTakeOver, setConfirmingTakeOver] = useState(false);
  const onAir = booth.onAir === selfId;
  const someoneElse = booth.onAir !== null && !onAir;
  const offered = someoneElse && booth.handoverOfferedBy === booth.onAir;
  const liveName = booth.interpreters.find((i) => i.id === booth.onAir)?.name;
  // Whether the cough button is held here; the booth's state lags behind the press.
  const coughing = useRef(false);
  const cough = (held: boolean) => {
    if (coughing.current === held) return;
    coughing.current = held;
    void controller.setCoughing(held);
  };

  return (
    <div className="on-air-controls">
      {onAir ? (
        <button type="button" className="on-air live" onClick={() => void controller.boothAction('booth:goOffAir')}>
          ON AIR — go off air
        </button>
      ) : offered ? (
        <button type="button" className="on-air take" onClick={() => void controller.takeOver(false)}>
          Take over from {liveName}
        </button>
      ) : someoneElse && confirmingTakeOver ? (
        <div role="group" aria-label="Confirm take-over" className="confirm">
          <p>
            {liveName} has not offered the channel. Take it now? Listeners will hear you instead of {liveName}.
          </p>
          <button
            type="button"
            className="on-air take"
            onClick={() => {
              setConfirmingTakeOver(false);
              void controller.takeOver(true);
            }}
          >
            Take the channel now
          </button>
          <button type="button" onClick={() => setConfirmingTakeOver(false)}>
            Cancel
          </button>
        </div>
      ) : someoneElse ? (
        <>
          <button type="button" className="on-air" disabled>
            {liveName} is on air
          </button>
          {/* For a partner who went silent or lost their connection and cannot hand over. */}
          <button type="button" onClick={() => setConfirmingTakeOver(true)}>
            Take over without a handover…
          </button>
        </>
      ) : (
        <button type="button" className="on-air" onClick={() => void controller.boothAction('booth:goOnAir')}>
          Go on air
        </button>
      )}
      {onAir && (
        <>
          <button
            type="button"
            className="cough"
            aria-pressed={booth.muted}
            onPointerDown={() => cough(true)}
            onPointerUp={() => cough(false)}
            onPointerLeave={() => cough(false)}
            onKeyDown={(event) => (event.key === ' ' || event.key === 'Enter') && !event.repeat && cough(true)}
            onKeyUp={(event) => (event.key === ' ' || event.key === 'Enter') && cough(false)}
            onBlur={() => cough(false)}
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
