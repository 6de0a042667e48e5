import { useEffect, useRef, useState } from 'react';
import { ArmedButton } from '../../components/ConfirmButton.tsx';
import type { Booth } from '@multaqa/shared';
import { languageName } from '../../components/roleLabel.ts';
import { busyProps } from '../../components/busyProps.ts';
import { controlState, type PendingActions } from '../../state/pendingActions.ts';
import type { SessionController } from '../../state/sessionController.ts';

/**
 * The big on-air button, the cough button (held), handover, and taking over from a silent
 * partner. Going off air and taking the channel unoffered are confirmed first: a second click
 * landing on the button that replaced the first must never drop or grab a channel.
 */
export function OnAirControls({ controller, booth, selfId, pending }: { controller: SessionController; booth: Booth; selfId: string; pending: PendingActions }) {
  // One booth request at a time: the button pressed turns until the booth answers.
  const busy = (request: Parameters<typeof controlState>[1]) => busyProps(controlState(pending, request));
  const [confirming, setConfirming] = useState<'offAir' | 'takeOver' | null>(null);
  const onAir = booth.onAir === selfId;
  const someoneElse = booth.onAir !== null && !onAir;
  const offered = someoneElse && booth.handoverOfferedBy === booth.onAir;
  const liveName = booth.interpreters.find((i) => i.id === booth.onAir)?.name;
  // A confirmation is about the booth as it was: any change to who is on air ends it.
  useEffect(() => setConfirming(null), [booth.onAir]);
  // Focus goes to the safe answer while asking, and back to the main control after.
  const safeAnswer = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (confirming) safeAnswer.current?.focus();
    else if (wasAsking.current) document.querySelector<HTMLElement>('.on-air-controls [data-main-control]')?.focus();
    wasAsking.current = confirming !== null;
  }, [confirming]);
  const confirm = (question: string, yes: string, run: () => Promise<void>, no: string) => (
    <div role="group" aria-label={`Confirm: ${yes}`} className="confirm">
      <p>{question}</p>
      <ArmedButton
        className="on-air take"
        onClick={() => {
          setConfirming(null);
          void run();
        }}
      >
        {yes}
      </ArmedButton>
      <button
        ref={safeAnswer}
        type="button"
        onClick={() => setConfirming(null)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setConfirming(null);
        }}
      >
        {no}
      </button>
    </div>
  );

  return (
    <div className="on-air-controls">
      {onAir && confirming === 'offAir' ? (
        confirm(
          `Go off air? Listeners of the ${languageName(booth.language)} channel will hear the floor.`,
          'Go off air now',
          () => controller.boothAction('booth:goOffAir'),
          'Stay on air',
        )
      ) : onAir ? (
        <button type="button" data-main-control="on-air" className="on-air live" {...busy('booth:goOffAir')} onClick={() => !controlState(pending, 'booth:goOffAir').waiting && setConfirming('offAir')}>
          ON AIR — go off air
        </button>
      ) : offered ? (
        <button type="button" data-main-control="on-air" className="on-air take" {...busy('booth:takeOver')} onClick={() => void controller.takeOver(false)}>
          Take over from {liveName}
        </button>
      ) : someoneElse && confirming === 'takeOver' ? (
        confirm(
          `${liveName} has not offered the channel. Take it now? Listeners will hear you instead of ${liveName}.`,
          'Take the channel now',
          () => controller.takeOver(true),
          'Cancel',
        )
      ) : someoneElse ? (
        <>
          <button type="button" className="on-air" disabled>
            {liveName} is on air
          </button>
          {/* For a partner who went silent or lost their connection and cannot hand over. */}
          <button type="button" data-main-control="take-over" {...busy('booth:takeOver')} onClick={() => !controlState(pending, 'booth:takeOver').waiting && setConfirming('takeOver')}>
            Take over without a handover…
          </button>
        </>
      ) : (
        <button type="button" data-main-control="on-air" className="on-air" {...busy('booth:goOnAir')} onClick={() => void controller.boothAction('booth:goOnAir')}>
          Go on air
        </button>
      )}
      {onAir && (
        <>
          <CoughButton controller={controller} muted={booth.muted} />
          {booth.handoverOfferedBy === selfId ? (
            <button type="button" {...busy('booth:cancelHandover')} onClick={() => void controller.boothAction('booth:cancelHandover')}>
              Cancel handover
            </button>
          ) : (
            <button type="button" disabled={booth.interpreters.length < 2} {...busy('booth:offerHandover')} onClick={() => void controller.boothAction('booth:offerHandover')}>
              Offer handover
            </button>
          )}
        </>
      )}
    </div>
  );
}

/**
 * Held with the mouse, a finger or Space/Enter. It exists only while its owner is on air, so a
 * press cut short by losing the channel starts fresh next time.
 */
function CoughButton({ controller, muted }: { controller: SessionController; muted: boolean }) {
  // Whether the button is held here; the booth's state lags behind the press.
  const held = useRef(false);
  const cough = (press: boolean) => {
    if (held.current === press) return;
    held.current = press;
    void controller.setCoughing(press);
  };
  const isHoldKey = (key: string) => key === ' ' || key === 'Enter';
  return (
    <button
      type="button"
      className="cough"
      aria-pressed={muted}
      onPointerDown={() => cough(true)}
      onPointerUp={() => cough(false)}
      onPointerLeave={() => cough(false)}
      onKeyDown={(event) => isHoldKey(event.key) && !event.repeat && cough(true)}
      onKeyUp={(event) => isHoldKey(event.key) && cough(false)}
      onBlur={() => cough(false)}
    >
      Cough (hold)
    </button>
  );
}
