import { Router } from 'express';
import { OPERATOR_OVERVIEW_PATH, type OperatorOverview } from '@multaqa/shared';
import { assertOrganizer } from '../domain/session/permissions.ts';
import type { Logger } from '../logger.ts';
import { sendFailure } from './httpErrors.ts';
import { claimsOf, type Identify } from './joinTokenAuth.ts';

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
  identify: Identify;
  overview: (sessionId: string) => Promise<OperatorOverview>;
  logger: Logger;
}): Router {
  const router = Router();
  router.get(OPERATOR_OVERVIEW_PATH, async (request, response) => {
    response.set('Cache-Control', 'no-store');
    try {
      const claims = await claimsOf(request, identify, "send the organizer's join token as Authorization: Bearer <token>");
      assertOrganizer(claims.grant);
      response.json({ ok: true, data: await overview(claims.sessionId) });
    } catch (error) {
      if (!sendFailure(response, error, 'the overview is not available right now; it is tried again shortly')) {
        logger.warn({ err: error }, 'could not put the operator overview together');
      }
    }
  });
  return router;
}
