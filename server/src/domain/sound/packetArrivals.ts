/** A jump this far in sequence numbers is a new stream (a restarted sender), not loss. */
const NEW_STREAM_JUMP = 3_000;
const SEQUENCE_CYCLE = 0x1_0000;

/**
 * Packets expected and received on one RTP stream, counted from sequence numbers as the packets
 * arrive (RFC 3550, A.3): loss is known at once, not when the next receiver report is written.
 */
export class PacketArrivals {
  #base: number | undefined;
  #highest = 0;
  #received = 0;
  /** Expected and received of the streams before a restart, so the totals never go back. */
  #earlierExpected = 0;
  #earlierReceived = 0;

  arrive(sequenceNumber: number): void {
    if (this.#base === undefined) return this.#startAt(sequenceNumber);
    const highestInCycle = this.#highest % SEQUENCE_CYCLE;
    // Forward distance on the 16-bit circle; a small backward one is a late packet.
    const ahead = (sequenceNumber - highestInCycle + SEQUENCE_CYCLE) % SEQUENCE_CYCLE;
    const behind = SEQUENCE_CYCLE - ahead;
    if (ahead !== 0 && ahead < NEW_STREAM_JUMP) {
      this.#highest += ahead;
      this.#received++;
    } else if (ahead !== 0 && behind < NEW_STREAM_JUMP) {
      if (this.#highest - behind >= this.#base) this.#received++;
    } else if (ahead !== 0) {
      this.startOver();
      this.#startAt(sequenceNumber);
    }
    // ahead === 0: a duplicate of the highest, counted once.
  }

  /**
   * The stream was paused (a mute): the SFU dropped what came meanwhile, so the next packet
   * starts a new stretch instead of counting the pause as loss.
   */
  startOver(): void {
    this.#earlierExpected += this.#expectedNow();
    this.#earlierReceived += Math.min(this.#received, this.#expectedNow());
    this.#base = undefined;
    this.#received = 0;
  }

  totals(): { expected: number; received: number; lost: number } {
    const expected = this.#earlierExpected + this.#expectedNow();
    const received = this.#earlierReceived + Math.min(this.#received, this.#expectedNow());
    return { expected, received, lost: expected - received };
  }

  #expectedNow(): number {
    return this.#base === undefined ? 0 : this.#highest - this.#base + 1;
  }

  #startAt(sequenceNumber: number): void {
    this.#base = sequenceNumber;
    this.#highest = sequenceNumber;
    this.#received = 1;
  }
}
