import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from '../logger.ts';

export type HealthCheck = () => Promise<Record<string, unknown>>;

/** Express: `/healthz`, and the built client (any other GET path is the single-page app). */
export function createHttpApp({
  clientDist,
  health,
  processes,
  readiness,
  logger,
}: {
  clientDist: string;
  health: HealthCheck;
  /** The registry of live server processes (address, announced IP, load). */
  processes: () => Promise<unknown[]>;
  /** Whether this process takes more people, and where to send them if not. */
  readiness: () => Promise<{ ready: boolean } & Record<string, unknown>>;
  logger: Logger;
}): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', async (_request, response) => {
    try {
      response.json({ ok: true, ...(await health()) });
    } catch (error) {
      logger.warn({ err: error }, 'health check failed');
      response.status(503).json({ ok: false, error: { code: 'INTERNAL', message: 'unhealthy' } });
    }
  });

  app.get('/processes', async (_request, response) => {
    try {
      response.json({ ok: true, processes: await processes() });
    } catch (error) {
      logger.warn({ err: error }, 'could not read the process registry');
      response.status(503).json({ ok: false, error: { code: 'INTERNAL', message: 'the process registry is unavailable' } });
    }
  });

  // For load balancers' health checks: 503 while every worker is at its consumer budget, so new
  // connections go to other processes (listed, least loaded first, from the registry).
  app.get('/ready', async (_request, response) => {
    try {
      const answer = await readiness();
      if (answer.ready) response.json({ ok: true, ...answer });
      else response.status(503).json({ ok: false, error: { code: 'FULL', message: 'this server process is at capacity' }, ...answer });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      response.status(503).json({ ok: false, error: { code: 'INTERNAL', message: 'unhealthy' } });
    }
  });

  const index = join(clientDist, 'index.html');
  if (existsSync(index)) {
    app.use(express.static(clientDist, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!socket\.io\/|healthz|processes|ready).*/, (_request, response) => {
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(index);
    });
  } else {
    logger.warn({ clientDist }, 'client is not built; serving the API only (run npm run build -w client)');
  }
  return app;
}
