import { Router } from 'express';
import { JOIN_LINK_CHECK_PATH, type JoinLinkCheck } from '@multaqa/shared';
import type { Limits } from '../app/limits.ts';
import { DomainError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { addressBudget, clientAddress } from '../socket/clientAddress.ts';
import type { ConferenceStore } from '../store/conferenceStore.ts';
import type { ModerationStore } from '../store/moderationEvents.ts';
import { sendFailure } from './httpErrors.ts';
import { claimsOf, type Identify } from './joinTokenAuth.ts';

/**
 * `GET /api/join-link` with `Authorization: Bearer <join token>`: what the link lets its holder
 * into, or why it will not — checked by the server (signature, expiry, withdrawal, removal, the
 * session), so the join page can say so before anyone presses Join.
 */
export function joinLinkRoutes(deps: {
  identify: Identify;
  conference: ConferenceStore;
  moderation: ModerationStore;
  limits: Limits;
  trustProxyHops: number;
  logger: Logger;
}): Router {
  const router = Router();
  router.get(JOIN_LINK_CHECK_PATH, async (request, response) => {
    response.set('Cache-Control', 'no-store');
    try {
      await deps.limits.take('linkCheckFromAddress', addressBudget(clientAddress(request.socket.remoteAddress, request.headers, deps.trustProxyHops)));
      const claims = await claimsOf(request, deps.identify, 'send the join token as Authorization: Bearer <token>');
      const session = await deps.conference.session(claims.sessionId);
      if (!session) throw new DomainError('NOT_FOUND', 'the session of this link does not exist (any more); ask the organizers');
      if (await deps.moderation.isRemoved(claims.sessionId, claims.participantId)) {
        throw new DomainError('FORBIDDEN', 'a moderator removed you from this session');
      }
      const data: JoinLinkCheck = {
        name: claims.name,
        grant: claims.grant,
        session: { id: session.id, title: session.title, room: session.room, startsAt: session.startsAt, endsAt: session.endsAt },
        expiresAt: claims.expiresAt * 1000,
      };
      response.json({ ok: true, data });
    } catch (error) {
      if (!sendFailure(response, error, 'the link cannot be checked right now; try again in a moment')) {
        deps.logger.warn({ err: error }, 'could not check a join link');
      }
    }
  });
  return router;
}
