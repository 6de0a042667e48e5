import type { PendingActions } from './pendingActions.ts';
import type {
  Booth,
  InputQuality,
  ListenerCounts,
  MediaSource,
  NotificationPayload,
  Participant,
  ProducerInfo,
  RecordingStatus,
  ServerMute,
  SessionInfo,
  SpeakerQueue,
} from '@multaqa/shared';
import type { RecordingMessage } from './recordingNotices.ts';

export type Phase = 'connecting' | 'joining' | 'joined' | 'reconnecting' | 'left' | 'ended';

/** A track received from someone on stage or in a booth. */
export type RemoteTrack = {
  consumerId: string;
  producerId: string;
  participantId: string;
  source: MediaSource;
  language?: string;
  track: MediaStreamTrack;
};

export type LocalTrack = {
  track: MediaStreamTrack;
  /** This person's own choice (their mute button). */
  on: boolean;
  producerId?: string;
  /** Server mutes in force on it (moderator, time up); routing of interpretation is not one. */
  mutedBy?: ServerMute[];
  /** Whether listeners receive it, as the server last said (unknown until it first changes). */
  flowing?: boolean;
};

export type ChatMessage = NotificationPayload<'booth:chatMessage'>;

/**
 * How the session ended for this person: the page's headline, and whether joining again can
 * help (not after a removal or with a link that does not work).
 */
export type Ending = 'left' | 'replaced' | 'removed' | 'withdrawn' | 'expired' | 'badLink' | 'notFound' | 'refused';

export type SessionState = {
  phase: Phase;
  /** Why the session ended, failed, or what is wrong right now, for people. */
  notice?: string;
  /** What the notice is about, so it goes when that changes (the microphone unmuted, back on air). */
  noticeTopic?: 'microphone' | 'booth';
  /** The browser keeps this tab silent until the person clicks or presses a key (a page that joined by itself, after a reload). */
  soundSuspended?: boolean;
  self?: Participant;
  session?: SessionInfo;
  stage: Participant[];
  participantCount: number;
  activeSpeakerId: string | null;
  producers: ProducerInfo[];
  remote: RemoteTrack[];
  local: Partial<Record<MediaSource, LocalTrack>>;
  booths: Booth[];
  listenerCounts: ListenerCounts;
  queue: SpeakerQueue;
  /** People in the queue who are not connected now (they keep their place; the floor is not given to them). */
  queueAbsent: string[];
  /** The recording running in the session (everyone sees "● Recording"), or null. */
  recording: RecordingStatus | null;
  /** What moderators were told of the recording (a track failed or stopped, the disk filled), as messages; newest last. */
  recordingNotices: RecordingMessage[];
  /** The channel this person hears (`null`: the floor as it is). */
  language: string | null;
  /** Receive no video at all (weak links, interpretation-only listeners). */
  audioOnly: boolean;
  /** Floor level under a live interpretation, linear 0–1. */
  floorLevel: number;
  /** The server's clock minus this device's, in ms (see serverClock.ts). */
  clockOffset: number;
  /** Overall volume of what this person hears, linear 0–1. */
  volume: number;
  boothChat: ChatMessage[];
  /** A booth's request to slow down, shown to the speaker and moderators until dismissed. */
  slowDown?: string;
  /** The last refusal of something this person tried (e.g. going on air). */
  actionError?: string;
  /** The requests this person's controls sent that are not answered yet (see pendingActions.ts). */
  pending: PendingActions;
  /** Someone else took this person's hand down or ended their turn (see queueNotices.ts); goes at their next change. */
  handNotice?: string;
  /** An interpreter's "slow down" went out (the server took it), shown in the booth for a while. */
  slowDownSent?: boolean;
  /** Set once the phase is 'left' or 'ended'. */
  ending?: Ending;
  /** How each floor microphone arrives at the server, by producer (interpreters and the chair only). */
  floorSound: Record<string, { participantId: string; quality: InputQuality }>;
  /** How this person's own floor microphone reaches the server, while it is (or was last) poor. */
  ownSound?: { producerId: string; quality: InputQuality };
  /** Each received voice's loudness normalisation (linear gain, by consumer; see playbackNormaliser.ts). */
  playbackGain: Record<string, number>;
};

export const initialSessionState: SessionState = {
  phase: 'connecting',
  stage: [],
  participantCount: 0,
  activeSpeakerId: null,
  producers: [],
  remote: [],
  local: {},
  booths: [],
  listenerCounts: { floor: 0, channels: {} },
  queue: { entries: [], current: null, version: 0 },
  queueAbsent: [],
  recording: null,
  recordingNotices: [],
  language: null,
  floorLevel: 0,
  audioOnly: false,
  clockOffset: 0,
  volume: 1,
  boothChat: [],
  floorSound: {},
  playbackGain: {},
  pending: {},
};
