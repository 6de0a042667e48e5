import { Router } from 'express';
import { OPERATOR_OVERVIEW_PATH, type ErrorCode, type OperatorOverview } from '@multaqa/shared';
import type { JoinClaims } from '../auth/joinTokens.ts';
import { DomainError } from '../domain/errors.ts';
import { assertOrganizer } from '../domain/session/permissions.ts';
import type { Logger } from '../logger.ts';
import { bearerToken } from './bearer.ts';

const STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, RATE_LIMITED: 429, UNAVAILABLE: 503 };

/**
 * The operator page's data: `GET /api/operator/overview` with the organizer's join token as
 * `Authorization: Bearer <token>` (the page reads it from its URL fragment, so it never reaches
 * a log or a referrer). The overview is of the session the token names.
 */
export function operatorRoutes({
  identify,
  overview,
  logger,
}: {
  /** Checks the join token as a join would (signature, expiry, not withdrawn), spending no join. */
  identify: (token: string) => Promise<JoinClaims>;
  overview: (sessionId: string) => Promise<OperatorOverview>;
  logger: Logger;
}): Router {
  const router = Router();
  router.get(OPERATOR_OVERVIEW_PATH, async (request, response) => {
    response.set('Cache-Control', 'no-store');
    try {
      const token = bearerToken(request.get('authorization'));
      if (token === undefined) throw new DomainError('UNAUTHENTICATED', "send the organizer's join token as Authorization: Bearer <token>");
      const claims = await identify(token);
      assertOrganizer(claims.grant);
      response.json({ ok: true, data: await overview(claims.sessionId) });
    } catch (error) {
      if (error instanceof DomainError) {
        response.status(STATUS[error.code] ?? 400).json({ ok: false, error: { code: error.code, message: error.message } });
        return;
      }
      logger.warn({ err: error }, 'could not put the operator overview together');
      response.status(503).json({ ok: false, error: { code: 'UNAVAILABLE', message: 'the overview is not available right now; it is tried again shortly' } });
    }
  });
  return router;
}
