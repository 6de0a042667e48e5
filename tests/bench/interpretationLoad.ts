// Child process of `npm run bench` (it loads wrtc, which must leave through process.exit()).
// Many real WebRTC listeners switch language at once, and interpreters hand over, while each
// listener timestamps the audible 10 ms frames it receives from every interpreter.
// Usage: node --import tsx tests/bench/interpretationLoad.ts '<json LoadOptions>' → one JSON line.
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import type { RoleGrant } from '@multaqa/shared';
import { NodePeer } from '../support/nodeWebRtc.ts';
import { percentile } from '../support/stats.ts';

export type LoadOptions = { url: string; secret: string; sessionId: string; listeners: number; rounds: number };
export type LoadResult = {
  listeners: number;
  switchMs: { p50: number; p99: number; max: number; samples: number; missed: number };
  /** Longest silence a listener heard on the channel around a handover. */
  handoverGapMs: { p50: number; p99: number; max: number; samples: number; missed: number };
  /** From "take" to the first audible frame of the new voice. */
  handoverStartMs: { p50: number; p99: number; max: number };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Audible-frame timestamps, per listener and producer. */
class Ears {
  readonly frames = new Map<string, number[]>();
  hear(producerId: string): void {
    const list = this.frames.get(producerId) ?? [];
    list.push(performance.now());
    if (list.length > 2_000) list.splice(0, 1_000);
    this.frames.set(producerId, list);
  }
  firstAfter(producerId: string, t: number): number | undefined {
    return this.frames.get(producerId)?.find((time) => time >= t);
  }
  /** Longest stretch in [from, to] with no audible frame from any of `producers`, less one frame. */
  longestSilence(producers: string[], from: number, to: number): number {
    const times = producers
      .flatMap((id) => this.frames.get(id) ?? [])
      .filter((time) => time >= from && time <= to)
      .sort((a, b) => a - b);
    if (times.length === 0) return to - from;
    let longest = Math.max(times[0]! - from, to - times.at(-1)!);
    for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
    return Math.max(0, longest - 10);
  }
}

async function main(options: LoadOptions): Promise<void> {
  const token = (name: string, grant: RoleGrant, id: string) =>
    issueJoinToken(options.secret, { name, grant, sessionId: options.sessionId, participantId: id });
  const peers: NodePeer[] = [];
  const join = async (name: string, grant: RoleGrant, id: string) => {
    const peer = await NodePeer.join(options.url, await token(name, grant, id));
    peers.push(peer);
    return peer;
  };
  try {
    const french = [await join('Amal', { role: 'interpreter', language: 'fr' }, 'bench-amal'), await join('Bruno', { role: 'interpreter', language: 'fr' }, 'bench-bruno')];
    const spanish = await join('Lina', { role: 'interpreter', language: 'es' }, 'bench-lina');
    const frenchProducers = [await french[0]!.publishTone('interpretation', 500), await french[1]!.publishTone('interpretation', 700)];
    const spanishProducer = await spanish.publishTone('interpretation', 900);
    await french[0]!.client.call('booth:goOnAir', {});
    await spanish.client.call('booth:goOnAir', {});
    let frenchVoice = 0;

    const listeners: Array<{ peer: NodePeer; ears: Ears }> = [];
    for (let i = 0; i < options.listeners; i++) {
      const peer = await join(`Listener ${i}`, { role: 'attendee' }, `bench-listener-${i}`);
      const ears = new Ears();
      await peer.client.call('interpretation:selectLanguage', { language: 'fr' });
      for (const producerId of [...frenchProducers, spanishProducer]) await peer.receive(producerId, () => ears.hear(producerId));
      listeners.push({ peer, ears });
    }
    await sleep(2_000);

    // Everyone switches at once; latency = request sent → first audible frame of the new channel.
    const switchSamples: number[] = [];
    let switchMissed = 0;
    for (let round = 0; round < options.rounds; round++) {
      const language = round % 2 === 0 ? 'es' : 'fr';
      const target = language === 'es' ? spanishProducer : frenchProducers[frenchVoice]!;
      const sent = performance.now();
      await Promise.all(listeners.map(({ peer }) => peer.client.call('interpretation:selectLanguage', { language })));
      await sleep(1_500);
      for (const { ears } of listeners) {
        const first = ears.firstAfter(target, sent);
        if (first === undefined) switchMissed++;
        else switchSamples.push(first - sent);
      }
    }
    if (options.rounds % 2 === 1) await Promise.all(listeners.map(({ peer }) => peer.client.call('interpretation:selectLanguage', { language: 'fr' })));
    await sleep(1_000);

    // Handovers: the longest silence each listener hears on the French channel around the switch.
    const gaps: number[] = [];
    const starts: number[] = [];
    let gapMissed = 0;
    for (let round = 0; round < options.rounds; round++) {
      const from = frenchVoice;
      const to = 1 - from;
      await french[from]!.client.call('booth:offerHandover', {});
      const taken = performance.now();
      await french[to]!.client.call('booth:takeOver', {});
      frenchVoice = to;
      await sleep(1_500);
      for (const { ears } of listeners) {
        const first = ears.firstAfter(frenchProducers[to]!, taken);
        if (first === undefined) {
          gapMissed++;
          continue;
        }
        starts.push(first - taken);
        gaps.push(ears.longestSilence(frenchProducers, taken - 300, first + 300));
      }
    }

    const result: LoadResult = {
      listeners: options.listeners,
      switchMs: {
        p50: percentile(switchSamples, 50),
        p99: percentile(switchSamples, 99),
        max: Math.max(...switchSamples),
        samples: switchSamples.length,
        missed: switchMissed,
      },
      handoverGapMs: { p50: percentile(gaps, 50), p99: percentile(gaps, 99), max: Math.max(...gaps), samples: gaps.length, missed: gapMissed },
      handoverStartMs: { p50: percentile(starts, 50), p99: percentile(starts, 99), max: Math.max(...starts) },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const peer of peers) peer.close();
  }
}

main(JSON.parse(process.argv[2] ?? '{}') as LoadOptions).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
