import type { ErrorCode } from '@multaqa/shared';

/** A refusal the caller should see: its code and message go into the error ack as they are. */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
