import { Router, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import type { Readiness } from '../domain/load/readiness.ts';
import type { Logger } from '../logger.ts';

export type ReadinessAnswer = Readiness & Record<string, unknown>;

/**
 * `/metrics` for Prometheus (operators only: httpApp.ts guards it with operatorsOnly.ts) and
 * `/readyz` for load balancers and orchestrators (`/ready` is the same, for existing set-ups):
 * 200 while the process takes new people, 503 with the reason when not. Liveness is `/healthz`.
 */
export function monitoringRoutes({
  registry,
  readiness,
  logger,
}: {
  registry: Registry;
  readiness: () => Promise<ReadinessAnswer>;
  logger: Logger;
}): Router {
  const router = Router();

  router.get('/metrics', async (_request, response) => {
    try {
      const body = await registry.metrics();
      response.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(body);
    } catch (error) {
      logger.warn({ err: error }, 'could not collect the metrics');
      response.status(500).json({ ok: false, error: { code: 'INTERNAL', message: 'the metrics could not be collected' } });
    }
  });

  const ready = async (_request: Request, response: Response) => {
    response.set('Cache-Control', 'no-store');
    try {
      const answer = await readiness();
      if (answer.ready) {
        response.json({ ok: true, ...answer });
        return;
      }
      const error =
        answer.reason === 'full'
          ? { code: 'FULL', message: 'this server process is at capacity' }
          : { code: 'UNAVAILABLE', message: `this server process cannot take people now: ${answer.reason}` };
      response.status(503).json({ ok: false, error, ...answer });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      response.status(503).json({ ok: false, ready: false, error: { code: 'INTERNAL', message: 'unhealthy' } });
    }
  };
  router.get(['/readyz', '/ready'], ready);
  return router;
}
