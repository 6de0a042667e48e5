import { createHmac, timingSafeEqual } from 'node:crypto';

/** A download link lasts this long: enough to click it, not enough to pass it around for days. */
export const DOWNLOAD_LINK_TTL_SECONDS = 10 * 60;

/**
 * Short-lived signed download links for recording files, for the browser (which cannot send an
 * Authorization header with a plain link): `path?expires=…&signature=…`, an HMAC of the path
 * and the expiry. The key is derived from the server secret for this one use, so a link is
 * never a join token nor can be turned into one.
 */
export class DownloadLinks {
  readonly #key: Buffer;

  constructor(
    secret: string,
    private readonly ttlSeconds = DOWNLOAD_LINK_TTL_SECONDS,
  ) {
    this.#key = createHmac('sha256', secret).update('multaqa:recording-download:v1').digest();
  }

  sign(path: string, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + this.ttlSeconds;
    return `${path}?expires=${expires}&signature=${this.#signature(path, expires)}`;
  }

  /** Whether the link for `path` is genuine and not expired. */
  verify(path: string, expires: number, signature: string, now = Date.now()): boolean {
    if (!Number.isInteger(expires) || expires < Math.floor(now / 1000)) return false;
    const expected = Buffer.from(this.#signature(path, expires));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #signature(path: string, expires: number): string {
    return createHmac('sha256', this.#key).update(`${path}\n${expires}`).digest('base64url');
  }
}
