import type { ControlState } from '../state/pendingActions.ts';

/**
 * A control whose request is out says so at once (aria-busy, drawn with a spinner) and, like
 * the others of its group, takes no click until the answer. aria-disabled, not disabled: the
 * focus stays on the control that was pressed.
 */
export function busyProps(control: ControlState): { 'aria-busy'?: true; 'aria-disabled'?: true } {
  return {
    ...(control.busy ? { 'aria-busy': true as const } : {}),
    ...(control.waiting ? { 'aria-disabled': true as const } : {}),
  };
}
