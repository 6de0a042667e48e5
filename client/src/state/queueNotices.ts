import type { Participant, QueueChange, SpeakerQueue } from '@multaqa/shared';

type Actor = NonNullable<QueueChange['by']>;

/**
 * How a person who changed the queue is named: by role and name ("Moderator Yusuf"), as the
 * stage lists them (moderators and organizers are on it), or "You".
 */
export function actorName(by: Actor, selfId: string | undefined, stage: Participant[]): string {
  if (by.id === selfId) return 'You';
  return stage.find((p) => p.id === by.id)?.grant.role === 'organizer' ? `Organizer ${by.name}` : `Moderator ${by.name}`;
}

type Standing = 'floor' | 'hand' | 'none';

function standingOf(queue: SpeakerQueue, selfId: string): Standing {
  if (queue.current?.participantId === selfId) return 'floor';
  return queue.entries.some((e) => e.participantId === selfId) ? 'hand' : 'none';
}

/**
 * What a person is told when someone else took down their hand or ended their turn, in words
 * that say who and how. `undefined`: their own standing did not change (whatever they were told
 * still holds); `null`: it changed in a way that needs no words (they raised their hand, were
 * given the floor, lowered their hand themselves), and an earlier notice is out of date.
 */
export function handNotice(before: SpeakerQueue, after: SpeakerQueue, selfId: string, stage: Participant[]): string | null | undefined {
  const was = standingOf(before, selfId);
  const now = standingOf(after, selfId);
  if (was === now) return undefined;
  const { type, by } = after.lastChange ?? { type: undefined, by: undefined };
  if (by?.id === selfId) return null;
  const who = by ? actorName(by, selfId, stage) : undefined;
  if (was === 'floor') {
    if (type === 'takeFloor' && who) return `Your turn ended: ${who} took the floor back.`;
    if ((type === 'giveFloor' || type === 'nextSpeaker') && who && after.current) return `Your turn ended: ${who} gave the floor to ${after.current.name}.`;
    return 'Your turn ended.';
  }
  if (was === 'hand' && now === 'none') {
    if (type === 'remove' && who) return `${who} lowered your hand.`;
    if (type === 'lowerAll' && who) return `${who} lowered all hands.`;
    return 'Your hand was lowered.';
  }
  return null;
}

/** Who gave this person the floor they now hold ("Moderator Yusuf gave you the floor."), if the last change did. */
export function floorGivenBy(queue: SpeakerQueue, selfId: string, stage: Participant[]): string | undefined {
  const { lastChange, current } = queue;
  if (current?.participantId !== selfId || !lastChange?.by) return undefined;
  if (lastChange.type !== 'giveFloor' && lastChange.type !== 'nextSpeaker') return undefined;
  return `${actorName(lastChange.by, selfId, stage)} gave you the floor.`;
}

/** The queue's last change in a line, for the moderators ("You lowered all hands.", "Moderator Layla gave the floor to Sara."). */
export function describeQueueChange(queue: SpeakerQueue, selfId: string | undefined, stage: Participant[]): string | undefined {
  const { lastChange } = queue;
  // Nobody acted on the queue: its person left (pressed Leave, or their link was withdrawn).
  if (lastChange?.type === 'dropPerson' && !lastChange.by && lastChange.subject && lastChange.subject.id !== selfId) {
    return `${lastChange.subject.name} left the session.`;
  }
  if (!lastChange?.by) return undefined;
  const who = actorName(lastChange.by, selfId, stage);
  // Someone's own hand: named as themselves, not by role.
  const person = lastChange.by.id === selfId ? 'You' : lastChange.by.name;
  switch (lastChange.type) {
    case 'raiseHand':
      return `${person} raised ${person === 'You' ? 'your' : 'a'} hand.`;
    case 'lowerHand':
      return `${person} lowered ${person === 'You' ? 'your' : 'their'} hand.`;
    case 'remove': {
      const { subject } = lastChange;
      if (!subject) return `${who} lowered a hand.`;
      return `${who} lowered ${subject.id === selfId ? 'your' : `${subject.name}’s`} hand.`;
    }
    case 'dropPerson':
      return `${who} removed ${lastChange.subject?.name ?? 'someone'} from the session.`;
    case 'move':
      return `${who} changed the order of the queue.`;
    case 'lowerAll':
      return `${who} lowered all hands.`;
    case 'giveFloor':
    case 'nextSpeaker':
      return queue.current ? `${who} gave the floor to ${queue.current.name}.` : undefined;
    case 'takeFloor':
      return `${who} took the floor back.`;
    case 'setTimeLimit':
      return `${who} changed the speaking time.`;
  }
}
