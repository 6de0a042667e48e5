import type { Limits } from '../app/limits.ts';
import { DomainError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { addressBudget, clientAddress } from './clientAddress.ts';
import type { MultaqaServer } from './types.ts';

export type ConnectionGateOptions = {
  limits: Limits;
  trustProxyHops: number;
  /** Connections one address may hold open to this process. */
  maxPerAddress: number;
  logger: Logger;
};

/**
 * Lets a connection in only while its address holds fewer than `maxPerAddress` here and has not
 * opened too many lately (counted across processes); an IPv6 address counts as its /64
 * (addressBudget). A refused client gets `connect_error` with `data: { code, message }`. The
 * address is kept on the socket for the limits of its requests.
 */
export function gateConnections(io: MultaqaServer, { limits, trustProxyHops, maxPerAddress, logger }: ConnectionGateOptions): void {
  const open = new Map<string, number>();
  io.use((socket, next) => {
    const address = clientAddress(socket.handshake.address, socket.handshake.headers, trustProxyHops);
    socket.data.address = address;
    const budget = addressBudget(address);
    if ((open.get(budget) ?? 0) >= maxPerAddress) {
      logger.warn({ address, budget }, 'refused a connection: too many open from one address');
      next(refusal(new DomainError('RATE_LIMITED', 'too many connections from your network; close other windows and try again')));
      return;
    }
    // Counted before the Redis check, so a burst cannot pass the cap while it waits.
    open.set(budget, (open.get(budget) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      socket.conn.off('close', release);
      const left = (open.get(budget) ?? 1) - 1;
      if (left > 0) open.set(budget, left);
      else open.delete(budget);
    };
    // A client that goes while the check waits never connects, so never disconnects either:
    // only its transport's closing says it is gone.
    socket.conn.once('close', release);
    if (socket.conn.readyState === 'closed') release();
    limits.take('connectFromAddress', budget).then(
      () => {
        socket.once('disconnect', release);
        next();
      },
      (error: unknown) => {
        release();
        next(refusal(error instanceof DomainError ? error : new DomainError('UNAVAILABLE', 'the server cannot take connections right now')));
      },
    );
  });
}

function refusal(error: DomainError): Error & { data: { code: string; message: string } } {
  return Object.assign(new Error(error.message), { data: { code: error.code, message: error.message } });
}
