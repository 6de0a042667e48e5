import { useEffect, useState } from 'react';

/**
 * A confirmation's "yes" only counts once it has been on screen for `ms`: the second click of a
 * double-click (or a tap repeated in a hurry) lands on whatever replaced the first button, and
 * must never confirm what the person did not read.
 */
export const CONFIRM_ARMS_AFTER_MS = 600;

export function useArmedAfter(ms = CONFIRM_ARMS_AFTER_MS): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setArmed(true), ms);
    return () => clearTimeout(timer);
  }, [ms]);
  return armed;
}
