import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from '../logger.ts';
import { operatorsOnly } from './operatorsOnly.ts';

export type HealthCheck = () => Promise<Record<string, unknown>>;

/**
 * Express: `/healthz` (liveness), `/processes`, the given routes (metrics, readiness, the
 * operator API), and the built client (any other GET path is the single-page app). `/metrics`
 * and `/processes` are for operators only (operatorsOnly.ts).
 */
export function createHttpApp({
  clientDist,
  production,
  health,
  processes,
  metricsToken,
  routes,
  logger,
}: {
  clientDist: string;
  /** In production the client's source maps are not served. */
  production: boolean;
  health: HealthCheck;
  /** The registry of live server processes (address, announced IP, load). */
  processes: () => Promise<unknown[]>;
  /** When set, `/metrics` and `/processes` take it as a bearer token; unset, they answer on this host only. */
  metricsToken: string | undefined;
  routes: Router[];
  logger: Logger;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(production));

  app.get('/healthz', async (_request, response) => {
    try {
      response.json({ ok: true, ...(await health()) });
    } catch (error) {
      logger.warn({ err: error }, 'health check failed');
      response.status(503).json({ ok: false, error: { code: 'INTERNAL', message: 'unhealthy' } });
    }
  });

  // A prefix, as Express matches `/metrics/` and `/METRICS` to `/metrics` too.
  app.use(['/metrics', '/processes'], operatorsOnly(metricsToken));

  app.get('/processes', async (_request, response) => {
    try {
      response.json({ ok: true, processes: await processes() });
    } catch (error) {
      logger.warn({ err: error }, 'could not read the process registry');
      response.status(503).json({ ok: false, error: { code: 'INTERNAL', message: 'the process registry is unavailable' } });
    }
  });

  for (const router of routes) app.use(router);
  app.use('/api', (_request, response) => {
    response.status(404).json({ ok: false, error: { code: 'NOT_FOUND', message: 'no such API route' } });
  });

  const index = join(clientDist, 'index.html');
  if (existsSync(index)) {
    // Source maps would hand out the whole client source with its comments; kept for development.
    if (production) app.get(/\.map$/, (_request, response) => void response.status(404).end());
    app.use(express.static(clientDist, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!socket\.io\/|api\/|healthz|processes|ready|metrics).*/, (_request, response) => {
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(index);
    });
  } else {
    logger.warn({ clientDist }, 'client is not built; serving the API only (run npm run build -w client)');
  }
  return app;
}

/**
 * helmet's headers with a policy for this app: scripts, styles and connections (the Socket.IO
 * WebSocket) from this origin only, never framed by another site (clickjacking a moderator's
 * console), no MIME sniffing, and no Referer (a join link must not leak through one).
 */
function securityHeaders(production: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only behind TLS: on a plain-HTTP development host it would break every request.
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: production ? { maxAge: 31_536_000 } : false,
  });
}
