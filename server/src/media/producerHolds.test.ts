import { describe, expect, it } from 'vitest';
import { ProducerHolds, type Pausable } from './producerHolds.ts';

/** Like a mediasoup Producer: `paused` changes only when the (slow) worker has answered. */
class SlowProducer implements Pausable {
  paused = false;
  closed = false;
  readonly calls: string[] = [];
  constructor(private readonly answerAfterMs = 5) {}
  pause = () => this.#answer('pause', true);
  resume = () => this.#answer('resume', false);
  async #answer(call: string, paused: boolean) {
    this.calls.push(call);
    await new Promise((resolve) => setTimeout(resolve, this.answerAfterMs));
    this.paused = paused;
  }
}

const noErrors = (error: unknown) => {
  throw error;
};

describe('ProducerHolds', () => {
  it('flows only when nothing holds it', async () => {
    const producer = new SlowProducer();
    const holds = new ProducerHolds(producer, ['offAir'], noErrors);
    await holds.settled();
    expect(producer.paused).toBe(true);
    holds.set('owner', true);
    holds.set('offAir', false);
    await holds.settled();
    expect(producer.paused).toBe(true);
    holds.set('owner', false);
    await holds.settled();
    expect(producer.paused).toBe(false);
  });

  it('a cough tapped faster than the worker answers leaves the voice on (the last change wins)', async () => {
    const producer = new SlowProducer(20);
    const holds = new ProducerHolds(producer, [], noErrors);
    holds.set('offAir', true);
    holds.set('offAir', false);
    await holds.settled();
    expect(producer.paused).toBe(false);
    expect(producer.calls).toEqual(['pause', 'resume']);
  });

  it('many rapid changes end in the state of the last one, one worker call at a time', async () => {
    const producer = new SlowProducer(3);
    let inFlight = 0;
    let mostInFlight = 0;
    for (const call of ['pause', 'resume'] as const) {
      const original = producer[call];
      producer[call] = async () => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await original();
        inFlight--;
      };
    }
    const holds = new ProducerHolds(producer, [], noErrors);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let step = 0; step < 200; step++) {
      holds.set((['owner', 'moderator', 'timeUp', 'offAir'] as const)[Math.floor(random() * 4)]!, random() < 0.5);
      if (random() < 0.3) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const wanted = ['owner', 'moderator', 'timeUp', 'offAir'].some((hold) => holds.has(hold as never));
    await holds.settled();
    expect(producer.paused).toBe(wanted);
    expect(mostInFlight).toBe(1);
  });

  it('tells the owner only about server mutes, not routing', () => {
    const holds = new ProducerHolds(new SlowProducer(), ['offAir', 'timeUp', 'moderator', 'owner'], noErrors);
    expect(holds.serverMutes).toEqual(['moderator', 'timeUp']);
  });

  it('reports a failed worker call, and stops at a closed producer', async () => {
    const producer = new SlowProducer();
    const errors: unknown[] = [];
    producer.pause = async () => {
      throw new Error('worker gone');
    };
    const holds = new ProducerHolds(producer, [], (error) => errors.push(error));
    holds.set('owner', true);
    await holds.settled();
    expect(errors).toHaveLength(1);
    producer.closed = true;
    holds.set('moderator', true);
    await holds.settled();
    expect(errors).toHaveLength(1);
  });
});
