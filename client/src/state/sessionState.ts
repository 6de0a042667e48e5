import type { MediaSource, Participant, ProducerInfo, SessionInfo } from '@multaqa/shared';

export type Phase = 'connecting' | 'joining' | 'joined' | 'reconnecting' | 'left' | 'ended';

/** A track received from someone on stage. */
export type RemoteTrack = {
  consumerId: string;
  producerId: string;
  participantId: string;
  source: MediaSource;
  track: MediaStreamTrack;
};

export type LocalTrack = { track: MediaStreamTrack; on: boolean; producerId?: string };

export type SessionState = {
  phase: Phase;
  /** Why the session ended, failed, or what is wrong right now, for people. */
  notice?: string;
  self?: Participant;
  session?: SessionInfo;
  stage: Participant[];
  participantCount: number;
  activeSpeakerId: string | null;
  producers: ProducerInfo[];
  remote: RemoteTrack[];
  local: Partial<Record<MediaSource, LocalTrack>>;
};

export const initialSessionState: SessionState = {
  phase: 'connecting',
  stage: [],
  participantCount: 0,
  activeSpeakerId: null,
  producers: [],
  remote: [],
  local: {},
};
