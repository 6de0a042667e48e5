import { createHmac } from 'node:crypto';
import type { IceServer } from '@multaqa/shared';

export type TurnSettings = Readonly<{ urls: readonly string[]; secret: string; ttlSeconds: number }>;

/**
 * A time-limited TURN credential in the TURN REST API scheme (coturn's `use-auth-secret` with
 * `static-auth-secret`): the username is `<expiry unix seconds>:<participant id>` and the password
 * is base64(HMAC-SHA1(secret, username)). coturn recomputes the HMAC and refuses expired names,
 * so nothing is stored per user and the secret never leaves the servers.
 */
export function turnCredential(secret: string, participantId: string, expiresAtSeconds: number): { username: string; credential: string } {
  const username = `${expiresAtSeconds}:${participantId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/**
 * The TURN servers one participant may use, with credentials valid for `ttlSeconds` from now but
 * never beyond `linkExpiresAt` (seconds: the join link's end, when the relay must stop too); none
 * without TURN.
 */
export function iceServersFor(turn: TurnSettings | undefined, participantId: string, linkExpiresAt: number, nowMs: number = Date.now()): IceServer[] {
  if (!turn) return [];
  const expiresAt = Math.min(Math.floor(nowMs / 1000) + turn.ttlSeconds, linkExpiresAt);
  return [{ urls: [...turn.urls], ...turnCredential(turn.secret, participantId, expiresAt) }];
}
