import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import ipaddr from 'ipaddr.js';
import { bearerToken, sameSecret } from './bearer.ts';
import { sendRefusal } from './httpErrors.ts';

/** What a proxy adds to what it passes on. Caddy on the same host connects from 127.0.0.1 too, but says whom it forwards. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'via'] as const;

/**
 * Whether a request was made on this host straight to the process: its connection comes from a
 * loopback address and no proxy passed it on.
 */
export function madeOnThisHost(remoteAddress: string | undefined, headers: IncomingHttpHeaders): boolean {
  if (FORWARDING_HEADERS.some((name) => headers[name] !== undefined)) return false;
  if (remoteAddress === undefined || !ipaddr.isValid(remoteAddress)) return false;
  return ipaddr.process(remoteAddress).range() === 'loopback';
}

/**
 * Guards what only operators read — the metrics and the process registry, which name sessions and
 * addresses and show the load. With METRICS_TOKEN set: `Authorization: Bearer <METRICS_TOKEN>`,
 * from anywhere. Without: requests made on the host only (Prometheus there, an operator's curl).
 * Mounted on a path prefix, so `/metrics/` and `/processes/x` are guarded like `/metrics`.
 */
export function operatorsOnly(metricsToken: string | undefined): RequestHandler {
  return (request, response, next) => {
    response.set('Cache-Control', 'no-store');
    if (metricsToken !== undefined) {
      const given = bearerToken(request.get('authorization'));
      if (given !== undefined && sameSecret(given, metricsToken)) {
        next();
        return;
      }
      response.set('WWW-Authenticate', 'Bearer realm="metrics"');
      sendRefusal(response, 'UNAUTHENTICATED', 'send the METRICS_TOKEN as Authorization: Bearer <token>');
      return;
    }
    if (madeOnThisHost(request.socket.remoteAddress, request.headers)) {
      next();
      return;
    }
    sendRefusal(
      response,
      'FORBIDDEN',
      'read this on the server host itself (127.0.0.1 or ::1, not through a proxy), or set METRICS_TOKEN and send it as Authorization: Bearer <token>',
    );
  };
}
