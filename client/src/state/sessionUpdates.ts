import { STAGE_ROLES, type Booth, type NotificationPayload, type Participant } from '@multaqa/shared';
import { languageName } from '../components/roleLabel.ts';
import type { SignalingClient } from '../signaling/signalingClient.ts';
import type { SessionState } from './sessionState.ts';
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

  producerPaused: (s: SessionState, producerId: string, paused: boolean): SessionState => ({
    ...s,
    producers: s.producers.map((p) => (p.id === producerId ? { ...p, paused } : p)),
  }),

  /** Booth changes can arrive out of order (ack and broadcast); the newer version wins. */
  boothChanged: (s: SessionState, booth: Booth): SessionState => ({
    ...s,
    booths: s.booths.map((known) => (known.language === booth.language && known.version < booth.version ? booth : known)),
  }),

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

/** Applies the notifications that only change what is shown (no media, no requests). */
export function followSessionUpdates(signaling: SignalingClient, state: Store<SessionState>): void {
  signaling.on('participant:joined', ({ participant }) => state.update((s) => sessionUpdates.participantJoined(s, participant)));
  signaling.on('participant:left', ({ participantId }) => state.update((s) => sessionUpdates.participantLeft(s, participantId)));
  signaling.on('session:countChanged', ({ participantCount }) => state.update((s) => ({ ...s, participantCount })));
  signaling.on('speaker:activeChanged', ({ participantId }) => state.update((s) => ({ ...s, activeSpeakerId: participantId })));
  signaling.on('producer:resumed', ({ producerId }) => state.update((s) => sessionUpdates.producerPaused(s, producerId, false)));
  signaling.on('booth:changed', ({ booth }) => state.update((s) => sessionUpdates.boothChanged(s, booth)));
  signaling.on('floor:slowDownRequested', (request) => state.update((s) => sessionUpdates.slowDownRequested(s, request)));
  signaling.on('interpretation:listenerCountsChanged', (listenerCounts) => state.update((s) => ({ ...s, listenerCounts })));
  signaling.on('booth:chatMessage', (message) => state.update((s) => sessionUpdates.boothChat(s, message)));
}
