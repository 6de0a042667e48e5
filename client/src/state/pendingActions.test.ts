import { describe, expect, it } from 'vitest';
import { controlState, finished, groupOf, started, type PendingAction } from './pendingActions.ts';

describe('pending actions', () => {
  it('takes no second request of a group while one is out, and takes one again once it is answered', () => {
    const mute: PendingAction = { request: 'floor:setTimeLimit', wants: true };
    const out = started({}, mute)!;
    expect(out).toEqual({ 'floor:setTimeLimit': mute });
    // The second click (switching it back) is not sent.
    expect(started(out, { request: 'floor:setTimeLimit', wants: false })).toBeUndefined();
    const answered = finished(out, mute);
    expect(answered).toEqual({});
    expect(started(answered, { request: 'floor:setTimeLimit', wants: false })).toBeDefined();
  });

  it('groups what would undo or repeat each other, and keeps apart what does not', () => {
    expect(groupOf('queue:raiseHand')).toBe(groupOf('queue:lowerHand'));
    expect(groupOf('floor:give', 'sara')).toBe(groupOf('floor:next'));
    expect(groupOf('floor:take')).toBe('floor');
    expect(groupOf('recording:start')).toBe(groupOf('recording:stop'));
    expect(groupOf('booth:goOnAir')).toBe(groupOf('booth:takeOver'));
    // Each person's own controls: moving Sara does not wait for removing Bilal.
    expect(groupOf('queue:move', 'sara')).toBe(groupOf('queue:remove', 'sara'));
    expect(groupOf('queue:move', 'sara')).not.toBe(groupOf('queue:move', 'bilal'));
    expect(groupOf('moderation:mute', 'sara')).toBe(groupOf('moderation:remove', 'sara'));
    expect(groupOf('moderation:mute', 'sara')).not.toBe(groupOf('moderation:mute', 'bilal'));
    expect(groupOf('moderation:muteAll')).not.toBe(groupOf('queue:lowerAll'));
    expect(groupOf('floor:setTimeLimit')).not.toBe(groupOf('floor:give', 'sara'));
  });

  it('a control is busy while its own request is out, and waits while another of its group is', () => {
    const giveSara: PendingAction = { request: 'floor:give', target: 'sara' };
    const pending = started({}, giveSara)!;
    expect(controlState(pending, 'floor:give', 'sara')).toEqual({ busy: true, waiting: true });
    expect(controlState(pending, 'floor:give', 'bilal')).toEqual({ busy: false, waiting: true });
    expect(controlState(pending, 'floor:next')).toEqual({ busy: false, waiting: true });
    expect(controlState(pending, 'queue:lowerAll')).toEqual({ busy: false, waiting: false });
    const toggle = started({}, { request: 'floor:setTimeLimit', wants: false })!;
    expect(controlState(toggle, 'floor:setTimeLimit')).toEqual({ busy: true, waiting: true, wants: false });
  });

  it('an answer ends only its own request (a later one of the group stays out)', () => {
    const first: PendingAction = { request: 'queue:raiseHand' };
    const second: PendingAction = { request: 'queue:lowerHand' };
    const afterSecond = started(finished(started({}, first)!, first), second)!;
    expect(finished(afterSecond, first)).toBe(afterSecond);
  });
});
