import { describe, expect, it } from 'vitest';
import type { Participant, QueueChange, SpeakerQueue } from '@multaqa/shared';
import { describeQueueChange, floorGivenBy, handNotice } from './queueNotices.ts';

const yusuf = { id: 'yusuf', name: 'Yusuf' };
const amina = { id: 'amina', name: 'Amina' };
const stage: Participant[] = [
  { ...yusuf, grant: { role: 'moderator' } },
  { ...amina, grant: { role: 'organizer' } },
];
const hand = (id: string) => ({ participantId: id, name: id === 'sara' ? 'Sara' : 'Omar', kind: 'normal' as const, raisedAt: 1 });
const floor = (id: string) => ({ participantId: id, name: id === 'sara' ? 'Sara' : 'Omar', kind: 'normal' as const, startedAt: 1, limitSeconds: 60, onTimeUp: 'notify' as const });
const queue = (version: number, hands: string[], current: string | null, lastChange?: QueueChange): SpeakerQueue => ({
  entries: hands.map(hand),
  current: current === null ? null : floor(current),
  version,
  ...(lastChange ? { lastChange } : {}),
});

describe('what a person is told of their hand and turn', () => {
  it('says who lowered their hand, and how', () => {
    const raised = queue(1, ['sara', 'omar'], null);
    expect(handNotice(raised, queue(2, ['omar'], null, { type: 'remove', by: yusuf }), 'sara', stage)).toBe('Moderator Yusuf lowered your hand.');
    expect(handNotice(raised, queue(2, [], null, { type: 'lowerAll', by: amina }), 'sara', stage)).toBe('Organizer Amina lowered all hands.');
    // Their own lowering needs no words; someone else's hand changes nothing of theirs.
    expect(handNotice(raised, queue(2, ['omar'], null, { type: 'lowerHand', by: { id: 'sara', name: 'Sara' } }), 'sara', stage)).toBeNull();
    expect(handNotice(raised, queue(2, ['sara'], null, { type: 'remove', by: yusuf }), 'sara', stage)).toBeUndefined();
    // Without a known cause, still not silence.
    expect(handNotice(raised, queue(5, ['omar'], null), 'sara', stage)).toBe('Your hand was lowered.');
  });

  it('says who ended their turn: the floor taken back, or given to someone else', () => {
    const speaking = queue(1, ['omar'], 'sara');
    expect(handNotice(speaking, queue(2, ['omar'], null, { type: 'takeFloor', by: yusuf }), 'sara', stage)).toBe('Your turn ended: Moderator Yusuf took the floor back.');
    expect(handNotice(speaking, queue(2, [], 'omar', { type: 'nextSpeaker', by: yusuf }), 'sara', stage)).toBe('Your turn ended: Moderator Yusuf gave the floor to Omar.');
    expect(handNotice(speaking, queue(2, [], 'omar', { type: 'giveFloor', by: yusuf }), 'sara', stage)).toBe('Your turn ended: Moderator Yusuf gave the floor to Omar.');
    // More time is not a change of their standing.
    expect(handNotice(speaking, queue(2, ['omar'], 'sara', { type: 'setTimeLimit', by: yusuf }), 'sara', stage)).toBeUndefined();
  });

  it('clears an earlier notice once they raise their hand again or are given the floor', () => {
    expect(handNotice(queue(1, [], null), queue(2, ['sara'], null, { type: 'raiseHand', by: { id: 'sara', name: 'Sara' } }), 'sara', stage)).toBeNull();
    expect(handNotice(queue(1, ['sara'], null), queue(2, [], 'sara', { type: 'giveFloor', by: yusuf }), 'sara', stage)).toBeNull();
  });

  it('the person given the floor sees who gave it; moderators see every change in a line', () => {
    expect(floorGivenBy(queue(2, [], 'sara', { type: 'nextSpeaker', by: yusuf }), 'sara', stage)).toBe('Moderator Yusuf gave you the floor.');
    expect(floorGivenBy(queue(3, [], 'sara', { type: 'raiseHand', by: { id: 'omar', name: 'Omar' } }), 'sara', stage)).toBeUndefined();
    expect(describeQueueChange(queue(2, [], 'sara', { type: 'giveFloor', by: yusuf }), 'yusuf', stage)).toBe('You gave the floor to Sara.');
    expect(describeQueueChange(queue(2, [], null, { type: 'lowerAll', by: yusuf }), 'amina', stage)).toBe('Moderator Yusuf lowered all hands.');
    expect(describeQueueChange(queue(2, ['omar'], null, { type: 'raiseHand', by: { id: 'omar', name: 'Omar' } }), 'yusuf', stage)).toBe('Omar raised a hand.');
    expect(describeQueueChange(queue(2, [], null), 'yusuf', stage)).toBeUndefined();
    const lowered = { type: 'remove' as const, by: yusuf, subject: { id: 'sara', name: 'Sara' } };
    expect(describeQueueChange(queue(2, ['omar'], null, lowered), 'yusuf', stage)).toBe('You lowered Sara’s hand.');
    expect(describeQueueChange(queue(2, ['omar'], null, lowered), 'amina', stage)).toBe('Moderator Yusuf lowered Sara’s hand.');
    expect(describeQueueChange(queue(2, ['omar'], null, lowered), 'sara', stage)).toBe('Moderator Yusuf lowered your hand.');
    // Someone who left (or whose link was withdrawn) with a hand up or the floor: named, though nobody acted.
    const left = { type: 'dropPerson' as const, subject: { id: 'sara', name: 'Sara' } };
    expect(describeQueueChange(queue(3, ['omar'], null, left), 'yusuf', stage)).toBe('Sara left the session.');
    expect(describeQueueChange(queue(3, ['omar'], null, { ...left, by: yusuf }), 'amina', stage)).toBe('Moderator Yusuf removed Sara from the session.');
  });
});
