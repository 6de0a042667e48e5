import { useEffect, useRef, type RefObject } from 'react';

/** Whether nothing on the page has focus (it fell back to the body). */
export function focusIsLost(): boolean {
  return document.activeElement === document.body || document.activeElement === null;
}

/**
 * Keeps keyboard focus inside `container` when the control that had it goes by its own doing
 * ("Give the floor" leaves with its queue row, "Take the floor" turns unavailable, a
 * confirmation closes because another moderator acted): focus moves to `fallback` instead of
 * the page, where the next Tab would land anywhere. Run on every render of the container's owner.
 */
export function useKeptFocus(container: RefObject<HTMLElement | null>, fallback: RefObject<HTMLElement | null>): void {
  const last = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const node = container.current;
    if (!node) return;
    const remember = (event: FocusEvent) => {
      last.current = event.target instanceof HTMLElement ? event.target : null;
    };
    node.addEventListener('focusin', remember);
    return () => node.removeEventListener('focusin', remember);
  }, [container]);
  useEffect(() => {
    const had = last.current;
    if (!had) return;
    const gone = !had.isConnected || (had instanceof HTMLButtonElement && had.disabled);
    if (!gone || !(focusIsLost() || document.activeElement === had)) return;
    last.current = null;
    fallback.current?.focus({ preventScroll: true });
  });
}
