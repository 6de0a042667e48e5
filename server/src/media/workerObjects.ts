import type { types } from 'mediasoup';

/** What lives in one mediasoup worker now, of every session and pipe. */
export type WorkerObjects = { transports: number; producers: number; consumers: number };

/**
 * Keeps count of a worker's transports, producers and consumers from mediasoup's observer
 * events, as they are made and closed: a scrape reads three numbers instead of asking the
 * worker to dump every router.
 */
export function countWorkerObjects(worker: types.Worker): Readonly<WorkerObjects> {
  const counts: WorkerObjects = { transports: 0, producers: 0, consumers: 0 };
  const track = (field: keyof WorkerObjects, item: { observer: { once(event: 'close', listener: () => void): unknown } }) => {
    counts[field]++;
    item.observer.once('close', () => counts[field]--);
  };
  worker.observer.on('newrouter', (router) => {
    router.observer.on('newtransport', (transport) => {
      track('transports', transport);
      transport.observer.on('newproducer', (producer) => track('producers', producer));
      transport.observer.on('newconsumer', (consumer) => track('consumers', consumer));
    });
  });
  return counts;
}
