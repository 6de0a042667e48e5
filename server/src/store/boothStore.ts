import type { Redis } from 'ioredis';
import { z } from 'zod';
import { BoothSchema, SlugSchema, type Booth } from '@multaqa/shared';
import { applyBoothCommand, emptyBooth, type BoothCommand } from '../domain/interpretation/booth.ts';
import { VersionedStore } from './versionedStore.ts';

export const BOOTH_CHANNEL = 'multaqa:booth-changed';

/** What every server process hears after a booth changed, in the order the changes were made. */
export const BoothChangedMessageSchema = z.object({ sessionId: SlugSchema, value: BoothSchema });
export type BoothChangedMessage = z.infer<typeof BoothChangedMessageSchema>;

const boothKey = (sessionId: string, language: string) => `multaqa:booth:${sessionId}:${language}`;

/**
 * Booths in Redis: one JSON value per session and language, changed only through the booth
 * state machine with optimistic concurrency, so two interpreters pressing "take" on two
 * server processes at once cannot both win.
 */
export class BoothStore {
  readonly #store: VersionedStore<Booth>;

  constructor(redis: Redis) {
    this.#store = new VersionedStore(redis, BoothSchema, BOOTH_CHANNEL);
  }

  get(sessionId: string, language: string): Promise<Booth> {
    return this.#store.get(boothKey(sessionId, language), () => emptyBooth(language));
  }

  all(sessionId: string, languages: readonly string[]): Promise<Booth[]> {
    return this.#store.getMany(
      languages.map((language) => boothKey(sessionId, language)),
      (index) => emptyBooth(languages[index]!),
    );
  }

  /** The booth as Redis has it after an outage, or `known` written back if Redis lost it. */
  restore(sessionId: string, known: Booth): Promise<Booth> {
    return this.#store.restore(boothKey(sessionId, known.language), sessionId, known, () => emptyBooth(known.language));
  }

  /** Applies the command atomically; returns the booth after it and whether it changed. */
  async apply(sessionId: string, language: string, command: BoothCommand): Promise<{ booth: Booth; changed: boolean }> {
    const { value, changed } = await this.#store.apply(boothKey(sessionId, language), sessionId, () => emptyBooth(language), (booth) =>
      applyBoothCommand(booth, command),
    );
    return { booth: value, changed };
  }
}
