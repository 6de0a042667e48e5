import { diskShortage, insufficientStorage, type DiskShortage } from '../domain/recording/diskSpace.ts';
import type { Logger } from '../logger.ts';

/** A disk filling at a camera's 1.5 Mbit/s per second is caught within a few hundred kB of the floor. */
const CHECK_EVERY_MS = 1_000;

/**
 * The free space of the recordings disk against the floor (RECORDINGS_MIN_FREE_MB): checked
 * before a recording starts, and every second while it runs.
 */
export class RecordingDiskWatch {
  #timer: NodeJS.Timeout | undefined;
  #onShort: ((shortage: DiskShortage) => void) | undefined;

  constructor(
    private readonly freeBytes: () => Promise<number>,
    private readonly minFreeMb: number,
    private readonly logger: Logger,
  ) {}

  /** Refuses to start (INSUFFICIENT_STORAGE) while the disk is short. */
  async assertRoom(): Promise<void> {
    const shortage = diskShortage(await this.freeBytes(), this.minFreeMb);
    if (shortage) throw insufficientStorage(shortage);
  }

  /** From now until stop(): `onShort` once, the first time the disk is found short. */
  watch(onShort: (shortage: DiskShortage) => void): void {
    this.stop();
    this.#onShort = onShort;
    this.#timer = setInterval(() => void this.check(), CHECK_EVERY_MS).unref();
  }

  /** Looks now (a writer died: a full disk is what ends most of them). */
  async check(): Promise<void> {
    const free = await this.freeBytes().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not read the free space of the recordings disk');
      return undefined;
    });
    const shortage = free === undefined ? undefined : diskShortage(free, this.minFreeMb);
    const onShort = this.#onShort;
    if (!shortage || !onShort) return;
    this.stop();
    onShort(shortage);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#onShort = undefined;
  }
}
