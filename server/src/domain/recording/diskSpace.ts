import { DomainError } from '../errors.ts';

const MB = 1024 * 1024;

/** The recordings disk has less free space than the floor: how much it has, and the floor (MiB). */
export type DiskShortage = { freeMb: number; minFreeMb: number };

/**
 * Whether the recordings disk is short of space. Below the floor no recording starts, and a
 * running one is stopped while it can still finish its files: a full disk would cut every
 * file off at once (and the host's other writers, Redis's snapshots among them, with them).
 */
export function diskShortage(freeBytes: number, minFreeMb: number): DiskShortage | undefined {
  return freeBytes < minFreeMb * MB ? { freeMb: Math.floor(freeBytes / MB), minFreeMb } : undefined;
}

/** Why a recording is not started. */
export function insufficientStorage({ freeMb, minFreeMb }: DiskShortage): DomainError {
  return new DomainError(
    'INSUFFICIENT_STORAGE',
    `the server has too little disk space to record: ${freeMb} MB free, and a recording needs at least ${minFreeMb} MB; tell the technical team`,
  );
}
