import { Adapter, MessageType, type BroadcastOptions, type ClusterAdapter } from 'socket.io-adapter';
import type { Logger } from '../logger.ts';

type Namespace = ConstructorParameters<typeof Adapter>[0];
type Packet = Parameters<Adapter['broadcast']>[0];
/** What ClusterAdapter keeps to itself: publishing a message to the other processes. */
type Publishing = { publishAndReturnOffset(message: { type: MessageType; data: unknown }): Promise<string | undefined> };

/**
 * A cluster adapter (here Redis's sharded one) that emits a broadcast to this process's own
 * sockets at once, and to the other processes through Redis beside it. The library publishes
 * first and emits locally only once Redis has answered: with Redis slow or standing still, every
 * notification to people on this very process waited for it (a cough's release reached the
 * listeners 2 s late, after the command deadline). Connection-state recovery, which needs the
 * published offset before the local emit, is not used here.
 */
export function localFirst(createAdapter: (nsp: Namespace) => ClusterAdapter, logger: Logger): (nsp: Namespace) => ClusterAdapter {
  // Socket.IO calls it with `new`: a function, not an arrow.
  return function (nsp: Namespace) {
    const adapter = createAdapter(nsp);
    adapter.broadcast = async (packet: Packet, opts: BroadcastOptions) => {
      if (!opts.flags?.local) {
        const message = { type: MessageType.BROADCAST, data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } } };
        (adapter as unknown as Publishing).publishAndReturnOffset(message).catch((error: unknown) => {
          logger.debug({ err: error }, 'could not pass a broadcast on to the other processes');
        });
      }
      Adapter.prototype.broadcast.call(adapter, packet, opts);
    };
    return adapter;
  };
}
