import { useEffect, useRef, type RefObject } from 'react';
import type { Role } from '@multaqa/shared';

/**
 * Each role's main control, by its `data-main-control` name, best first: where a keyboard user
 * starts after joining. A disabled one (Next speaker with an empty queue) is passed over.
 */
const MAIN_CONTROLS: Record<Role, string[]> = {
  interpreter: ['on-air', 'take-over'],
  moderator: ['queue'],
  organizer: ['queue'],
  speaker: ['microphone', 'raise-hand'],
  attendee: ['language', 'raise-hand'],
};

/**
 * Once joined, focus goes to the role's main control, once per page: not again after a
 * reconnect, and never away from something the person already focused themselves.
 */
export function useMainControlFocus(container: RefObject<HTMLElement | null>, role: Role | undefined, joined: boolean): void {
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !joined || !role || !container.current) return;
    const focused = document.activeElement;
    if (focused && focused !== document.body) {
      done.current = true;
      return;
    }
    for (const name of MAIN_CONTROLS[role]) {
      const control = container.current.querySelector<HTMLElement>(`[data-main-control="${name}"]`);
      if (!control || (control as HTMLButtonElement).disabled) continue;
      control.focus();
      done.current = true;
      return;
    }
    // Not rendered yet (the booths or the queue still to come): tried again on the next render.
  });
}
