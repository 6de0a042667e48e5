import type { types } from 'mediasoup';
import type { InputQuality, SenderInputReport } from '@multaqa/shared';
import { InputQualityTracker } from '../domain/sound/inputQuality.ts';
import { PacketArrivals } from '../domain/sound/packetArrivals.ts';
import type { Logger } from '../logger.ts';
import type { ConnectionId } from '../domain/session/roster.ts';
import type { Outbox } from './outbox.ts';
import type { Published } from './sessionProducers.ts';

const PROBE_EVERY_MS = 1_000;

type Watched = {
  tracker: InputQualityTracker;
  arrivals: PacketArrivals;
  participantId: string;
  stopCounting: () => void;
  /** The speaker was last told their sound is poor. */
  ownerWarned: boolean;
};

/**
 * How each floor microphone published on this process arrives at the SFU (loss counted from its
 * packets' sequence numbers as they arrive, jitter from the producer's receive statistics, level
 * from the audio-level observer, clipping from its sender), told once a second to the session's
 * booths and chair on every process.
 */
export class FloorSound {
  readonly #trackers = new Map<string, Watched>();
  readonly #timer: ReturnType<typeof setInterval>;
  #probing = false;

  constructor(
    private readonly options: {
      sessionId: string;
      published: () => Published[];
      ownerOf: (producerId: string) => ConnectionId | undefined;
      levelOf: (producerId: string) => number | null;
      outbox: Outbox;
      logger: Logger;
      everyMs?: number;
    },
  ) {
    this.#timer = setInterval(() => void this.#probe(), options.everyMs ?? PROBE_EVERY_MS);
    this.#timer.unref();
  }

  /** The sender's own measurement of `producerId`, if it is a floor microphone it owns. */
  senderReport(participantId: string, producerId: string, report: SenderInputReport): void {
    const entry = this.#floorMicrophones().find((p) => p.producer.id === producerId && p.participantId === participantId);
    if (entry) this.#watch(entry).tracker.senderReport(report, Date.now());
  }

  /** No more reports; the booths hear that each microphone reported here is gone (the session closed here). */
  stop(): void {
    clearInterval(this.#timer);
    for (const producerId of [...this.#trackers.keys()]) this.#gone(producerId);
  }

  #gone(producerId: string): void {
    const entry = this.#trackers.get(producerId);
    if (!entry) return;
    entry.stopCounting();
    this.#trackers.delete(producerId);
    this.options.outbox.toBoothsAndChair(this.options.sessionId, 'sound:floorInput', { producerId, participantId: entry.participantId, quality: null });
  }

  async #probe(): Promise<void> {
    if (this.#probing) return;
    this.#probing = true;
    try {
      const microphones = this.#floorMicrophones();
      for (const published of microphones) await this.#probeOne(published);
      const live = new Set(microphones.map((p) => p.producer.id));
      for (const producerId of [...this.#trackers.keys()]) if (!live.has(producerId)) this.#gone(producerId);
    } finally {
      this.#probing = false;
    }
  }

  async #probeOne(published: Published): Promise<void> {
    const { producer, participantId } = published;
    const watched = this.#watch(published);
    const { tracker, arrivals } = watched;
    const stats = await producer.getStats().catch(() => undefined);
    const inbound = stats?.find((s) => s.type === 'inbound-rtp');
    if (!inbound || producer.closed) return;
    // The SFU's own loss counter moves only when it writes a receiver report (every 4.3–5 s for
    // audio): too late for a warning that should come within seconds.
    const { received, lost } = arrivals.totals();
    const quality = tracker.add({
      at: Date.now(),
      packetsReceived: received,
      packetsLost: lost,
      jitterMs: jitterMs(inbound, producer),
      levelDbov: this.options.levelOf(producer.id),
    });
    this.options.outbox.toBoothsAndChair(this.options.sessionId, 'sound:floorInput', { producerId: producer.id, participantId, quality });
    this.#tellOwner(producer.id, watched, quality);
  }

  /** The speaker hears of poor sound while it lasts, and once that it is fine again. */
  #tellOwner(producerId: string, entry: Watched, quality: InputQuality): void {
    const owner = this.options.ownerOf(producerId);
    if (!owner) return;
    const poor = quality.status === 'poor';
    if (!poor && !entry.ownerWarned) return;
    entry.ownerWarned = poor;
    this.options.outbox.send(owner, 'sound:ownInput', { producerId, quality });
  }

  #floorMicrophones(): Published[] {
    return this.options.published().filter((p) => p.source === 'microphone' && p.producer.kind === 'audio' && !p.producer.closed);
  }

  #watch({ producer, participantId }: Published): Watched {
    let entry = this.#trackers.get(producer.id);
    if (!entry) {
      const arrivals = new PacketArrivals();
      const count = (trace: types.ProducerTraceEventData) => {
        const packet = trace.info as { rtpPacket?: { sequenceNumber?: number }; isRtx?: boolean } | undefined;
        if (trace.type === 'rtp' && !packet?.isRtx && packet?.rtpPacket?.sequenceNumber !== undefined) arrivals.arrive(packet.rtpPacket.sequenceNumber);
      };
      producer.on('trace', count);
      // A paused producer's packets are dropped before they are traced: the gap in sequence
      // numbers after a mute is not loss. (Every trace sent before the pause has been handled
      // by the time the observer hears of it.)
      const paused = () => arrivals.startOver();
      producer.observer.on('pause', paused);
      producer.enableTraceEvent(['rtp']).catch((error: unknown) => this.options.logger.warn({ err: error, producerId: producer.id }, 'cannot count a floor microphone’s packets'));
      const stopCounting = () => {
        producer.off('trace', count);
        producer.observer.off('pause', paused);
        if (!producer.closed) producer.enableTraceEvent([]).catch(() => undefined);
      };
      entry = { tracker: new InputQualityTracker(), arrivals, participantId, stopCounting, ownerWarned: false };
      this.#trackers.set(producer.id, entry);
    }
    return entry;
  }
}

/** The SFU keeps RFC 3550 jitter in RTP timestamp units. */
function jitterMs(inbound: types.ProducerStat, producer: types.Producer): number {
  const clockRate = producer.rtpParameters.codecs[0]?.clockRate ?? 48_000;
  return (inbound.jitter * 1000) / clockRate;
}
