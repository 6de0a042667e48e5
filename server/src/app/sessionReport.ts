import type { Booth, ListenerCounts, MediaSource, SpeakerQueue } from '@multaqa/shared';
import type { MediaLoad } from '../media/sessionMedia.ts';

/** An interpreter's voice published on this process, and how loud it arrives. */
export type VoiceReport = { participantId: string; language: string; paused: boolean; level: number | null };

/**
 * What this process knows of one live session now, read from memory without I/O (for metrics
 * and the operator view): its own people and listeners exactly, the totals of every process
 * as of the last count broadcast, booths and queue as last synced from Redis.
 */
export type SessionReport = {
  sessionId: string;
  participants: { here: number; all: number };
  listeners: { here: ListenerCounts; all: ListenerCounts };
  booths: Booth[];
  queue: SpeakerQueue;
  voices: VoiceReport[];
  routers: MediaLoad[];
};

/** One audio stream received from a publisher on this process, as the worker measured it. */
export type AudioStreamReport = {
  source: MediaSource;
  language: string | undefined;
  packets: number;
  packetsLost: number;
  /** Of the packets expected in the last receiver-report interval, the share lost (0–1). */
  fractionLost: number;
  /** mediasoup's 0–10 quality score of the stream. */
  score: number;
};
