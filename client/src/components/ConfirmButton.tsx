import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useArmedAfter } from './useArmedAfter.ts';
import type { ControlState } from '../state/pendingActions.ts';

/**
 * A button for an action that hurts (mute everyone, lower every hand, leave while on air): the
 * first press asks, in words, what will happen, and only the confirm button acts. The question
 * comes first and the buttons after it, so a second click landing where the first button was
 * never confirms by accident; focus goes to "cancel", the safe answer, and back to the button
 * after it. `ask: false` acts at once (nothing to lose right now).
 */
export function ConfirmButton(props: {
  children: ReactNode;
  question: string;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  ask?: boolean;
  disabled?: boolean;
  /** Its request (or its group's) is out: it shows so and does not ask again until the answer. */
  pending?: ControlState;
  className?: string;
  'aria-label'?: string;
}) {
  const { question, confirmLabel, cancelLabel = 'Cancel', onConfirm, ask = true, disabled = false, pending } = props;
  const waiting = pending?.waiting ?? false;
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (asking) cancel.current?.focus();
    else if (refocus.current) button.current?.focus();
    refocus.current = false;
  }, [asking]);
  // What was asked about may have gone meanwhile (the last hand lowered elsewhere).
  useEffect(() => {
    if (disabled) setAsking(false);
  }, [disabled]);

  if (asking) {
    return (
      <div role="group" aria-label={`Confirm: ${confirmLabel}`} className="confirm-inline">
        <p>{question}</p>
        <ArmedButton
          className="danger"
          onClick={() => {
            refocus.current = true;
            setAsking(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </ArmedButton>
        <button
          ref={cancel}
          type="button"
          onClick={() => {
            refocus.current = true;
            setAsking(false);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              refocus.current = true;
              setAsking(false);
            }
          }}
        >
          {cancelLabel}
        </button>
      </div>
    );
  }
  return (
    <button
      ref={button}
      type="button"
      className={props.className}
      aria-label={props['aria-label']}
      // Not `disabled`: a confirmed action often leaves nothing to act on (the last hand lowered),
      // and a disabled button would drop the focus it was just given back to the page.
      aria-disabled={disabled || waiting}
      aria-busy={pending?.busy || undefined}
      data-unavailable={disabled}
      onClick={() => {
        if (!disabled && !waiting) (ask ? setAsking(true) : onConfirm());
      }}
    >
      {props.children}
    </button>
  );
}

/** The "yes" of a confirmation: it ignores clicks until it has been on screen a moment (see useArmedAfter). */
export function ArmedButton({ className, onClick, children }: { className?: string; onClick: () => void; children: ReactNode }) {
  const armed = useArmedAfter();
  return (
    <button type="button" className={className} aria-disabled={!armed} data-armed={armed} onClick={() => armed && onClick()}>
      {children}
    </button>
  );
}
