import { STAGE_ROLES, type Booth, type MediaSource, type NotificationPayload, type Participant, type ServerMute, type SpeakerQueue } from '@multaqa/shared';
import { languageName } from '../components/roleLabel.ts';
import { recordingChanged, recordingFaulted } from './recordingNotices.ts';
import type { SignalingClient } from '../signaling/signalingClient.ts';
import { actorName, handNotice } from './queueNotices.ts';
import type { LocalTrack, SessionState } from './sessionState.ts';
import type { Store } from './store.ts';

/** Booth chat keeps this many messages; enough for a day's handovers. */
const CHAT_HISTORY = 200;

/** How the session's news changes what this person sees; pure, one function per notification. */
export const sessionUpdates = {
  participantJoined: (s: SessionState, participant: Participant): SessionState => ({
    ...s,
    stage: [...s.stage.filter((p) => p.id !== participant.id), participant],
  }),

  participantLeft: (s: SessionState, participantId: string): SessionState => ({
    ...s,
    stage: s.stage.filter((p) => p.id !== participantId),
    activeSpeakerId: s.activeSpeakerId === participantId ? null : s.activeSpeakerId,
  }),

  /** The person turns their own camera or microphone on or off; a notice about their mute has had its say. */
  ownPublishing: (s: SessionState, source: MediaSource, on: boolean): SessionState => {
    const local = s.local[source];
    if (!local) return s;
    const settled = on && s.noticeTopic === 'microphone';
    return { ...s, local: { ...s.local, [source]: { ...local, on } }, ...(settled ? { notice: undefined, noticeTopic: undefined } : {}) };
  },

  /** A floor microphone's sound as the server hears it; null: it is gone. */
  floorSound: (s: SessionState, { producerId, participantId, quality }: NotificationPayload<'sound:floorInput'>): SessionState => {
    const { [producerId]: _gone, ...others } = s.floorSound;
    return { ...s, floorSound: quality ? { ...others, [producerId]: { participantId, quality } } : others };
  },

  /** Whether a producer flows to listeners; for this person's own, only shown, never acted on. */
  producerPaused: (s: SessionState, producerId: string, paused: boolean): SessionState => {
    const own = ownLocal(s, producerId);
    return {
      ...s,
      producers: s.producers.map((p) => (p.id === producerId ? { ...p, paused } : p)),
      ...(own ? { local: { ...s.local, [own[0]]: { ...own[1], flowing: !paused } } } : {}),
    };
  },

  /**
   * The server's mutes on this person's own producer changed. A moderator's mute turns their
   * microphone off as if they had pressed mute (they unmute themselves to speak again); a
   * time-up mute leaves their own choice alone and ends by itself when they get more time.
   */
  serverMuteChanged: (s: SessionState, { producerId, mutedBy, moderator }: NotificationPayload<'media:serverMuteChanged'>): SessionState => {
    const own = ownLocal(s, producerId);
    if (!own) return s;
    const [source, local] = own;
    const before = local.mutedBy ?? [];
    const byModerator = mutedBy.includes('moderator') && !before.includes('moderator');
    const next = { ...local, mutedBy, ...(byModerator ? { on: false } : {}) };
    const notice = muteNotice(before, next, moderator && { ...moderator, name: actorName(moderator, s.self?.id, s.stage) });
    return { ...s, local: { ...s.local, [source]: next }, ...(notice ? { notice, noticeTopic: 'microphone' as const } : {}) };
  },

  /**
   * Booth changes can arrive out of order (ack and broadcast); the newer version wins. An
   * interpreter whose channel a partner took without a handover is told who has it now.
   */
  /**
   * A newer booth (`answer`: the booth in the answer to one's own request, which may also be the
   * same version seen through the server's eyes while it cannot save, e.g. a cough in a Redis outage).
   */
  boothChanged: (s: SessionState, booth: Booth, { answer = false } = {}): SessionState => {
    const known = s.booths.find((b) => b.language === booth.language);
    if (!known || known.version > booth.version || (known.version === booth.version && !answer)) return s;
    const selfId = s.self?.id;
    const takenFromMe = known.onAir === selfId && booth.onAir !== null && booth.onAir !== selfId && known.handoverOfferedBy !== selfId;
    const takerName = booth.interpreters.find((i) => i.id === booth.onAir)?.name;
    const backOnAir = booth.onAir === selfId && s.noticeTopic === 'booth';
    return {
      ...s,
      booths: s.booths.map((b) => (b === known ? booth : b)),
      ...(takenFromMe
        ? { notice: `${takerName ?? 'Your partner'} took over the ${languageName(booth.language)} channel.`, noticeTopic: 'booth' as const }
        : backOnAir
          ? { notice: undefined, noticeTopic: undefined }
          : {}),
    };
  },

  /**
   * A newer queue. Someone whose hand or turn someone else ended is told who and how; a request
   * to slow down was for the turn that is over once the floor changes hands.
   */
  queueChanged: (s: SessionState, queue: SpeakerQueue): SessionState => {
    if (queue.version <= s.queue.version) return s;
    const notice = s.self ? handNotice(s.queue, queue, s.self.id, s.stage) : undefined;
    const floorChanged = s.queue.current?.participantId !== queue.current?.participantId || s.queue.current?.startedAt !== queue.current?.startedAt;
    // What was said about the microphone during one's turn ("you have more time") ends with it.
    const ownTurnEnded = floorChanged && s.self !== undefined && s.queue.current?.participantId === s.self.id;
    return {
      ...s,
      queue,
      ...(notice === undefined ? {} : { handNotice: notice ?? undefined }),
      ...(floorChanged ? { slowDown: undefined } : {}),
      ...(ownTurnEnded && s.noticeTopic === 'microphone' ? { notice: undefined, noticeTopic: undefined } : {}),
    };
  },

  /** Only the person speaking and the stage (moderators, speakers) are asked to slow down. */
  slowDownRequested: (s: SessionState, { language, from }: NotificationPayload<'floor:slowDownRequested'>): SessionState => {
    const { self, queue } = s;
    if (!self) return s;
    const concerned = queue.current?.participantId === self.id || STAGE_ROLES.includes(self.grant.role);
    return concerned ? { ...s, slowDown: `The ${languageName(language)} booth (${from.name}) asks the speaker to slow down.` } : s;
  },

  boothChat: (s: SessionState, message: NotificationPayload<'booth:chatMessage'>): SessionState => ({
    ...s,
    boothChat: [...s.boothChat, message].slice(-CHAT_HISTORY),
  }),
};

/** What a person is told when the server's mutes on their microphone change; undefined: nothing new. */
function muteNotice(before: ServerMute[], now: LocalTrack & { mutedBy: ServerMute[] }, moderator?: { name: string; everyone: boolean }): string | undefined {
  const { mutedBy, on } = now;
  const added = (mute: ServerMute) => mutedBy.includes(mute) && !before.includes(mute);
  if (mutedBy.includes('timeUp')) {
    return added('timeUp') || added('moderator') ? 'Your time is up — your microphone was muted until a moderator gives you more time.' : undefined;
  }
  if (before.includes('timeUp')) {
    // The time-up mute ended: more time, or the floor passed on (which leaves a moderator's mute).
    if (added('moderator')) return 'Your turn is over: your microphone stays muted. Unmute it when you want to speak.';
    if (mutedBy.includes('moderator')) return 'You have more time. A moderator muted your microphone: unmute it when you want to speak.';
    return on ? 'You have more time: your microphone is on again.' : 'You have more time. Unmute your microphone when you want to speak.';
  }
  if (!added('moderator')) return undefined;
  if (!moderator) return 'A moderator muted your microphone. Unmute it when you want to speak.';
  return moderator.everyone
    ? `${moderator.name} muted everyone's microphone. Unmute yours when you want to speak.`
    : `${moderator.name} muted your microphone. Unmute it when you want to speak.`;
}

function ownLocal(s: SessionState, producerId: string) {
  const entry = Object.entries(s.local).find(([, local]) => local?.producerId === producerId);
  return entry as [MediaSource, LocalTrack] | undefined;
}

/** Applies the notifications that only change what is shown (no media, no requests). */
export function followSessionUpdates(signaling: SignalingClient, state: Store<SessionState>): void {
  signaling.on('participant:joined', ({ participant }) => state.update((s) => sessionUpdates.participantJoined(s, participant)));
  signaling.on('participant:left', ({ participantId }) => state.update((s) => sessionUpdates.participantLeft(s, participantId)));
  signaling.on('session:countChanged', ({ participantCount }) => state.update((s) => ({ ...s, participantCount })));
  signaling.on('speaker:activeChanged', ({ participantId }) => state.update((s) => ({ ...s, activeSpeakerId: participantId })));
  signaling.on('producer:paused', ({ producerId }) => state.update((s) => sessionUpdates.producerPaused(s, producerId, true)));
  signaling.on('producer:resumed', ({ producerId }) => state.update((s) => sessionUpdates.producerPaused(s, producerId, false)));
  signaling.on('sound:floorInput', (report) => state.update((s) => sessionUpdates.floorSound(s, report)));
  signaling.on('sound:ownInput', (ownSound) => state.update((s) => ({ ...s, ownSound })));
  signaling.on('queue:absentChanged', ({ absent }) => state.update((s) => ({ ...s, queueAbsent: absent })));
  signaling.on('booth:changed', ({ booth }) => state.update((s) => sessionUpdates.boothChanged(s, booth)));
  signaling.on('floor:slowDownRequested', (request) => state.update((s) => sessionUpdates.slowDownRequested(s, request)));
  signaling.on('interpretation:listenerCountsChanged', (listenerCounts) => state.update((s) => ({ ...s, listenerCounts })));
  signaling.on('booth:chatMessage', (message) => state.update((s) => sessionUpdates.boothChat(s, message)));
  signaling.on('recording:changed', ({ recording, interrupted }) => state.update((s) => recordingChanged(s, recording, interrupted)));
  // Moderators only: a track of the recording stopped or failed (while the rest goes on), or the disk filled and it was stopped.
  signaling.on('recording:faulted', (fault) => state.update((s) => recordingFaulted(s, fault)));
}
