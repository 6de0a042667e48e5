import type { Response } from 'express';
import type { ErrorCode } from '@multaqa/shared';
import { DomainError } from '../domain/errors.ts';

/** The HTTP status each refusal is answered with (anything else a client got wrong: 400). */
const STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INSUFFICIENT_STORAGE: 507,
  INTERNAL: 500,
};

/** Answers `{ ok: false, error: { code, message } }` with the status of the code. */
export function sendRefusal(response: Response, code: ErrorCode, message: string): void {
  response.status(STATUS[code] ?? 400).json({ ok: false, error: { code, message } });
}

/**
 * Answers a failed request: a DomainError as it is, anything else (Redis out of reach, a bug)
 * as `unavailable`, which the caller words for its route. Returns whether it was a DomainError.
 */
export function sendFailure(response: Response, error: unknown, unavailable: string): boolean {
  if (response.headersSent) return error instanceof DomainError;
  if (error instanceof DomainError) {
    sendRefusal(response, error.code, error.message);
    return true;
  }
  sendRefusal(response, 'UNAVAILABLE', unavailable);
  return false;
}
