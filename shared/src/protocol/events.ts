import type { Ack } from '../errors.ts';
import type { NotificationName, NotificationPayload } from './notifications.ts';
import type { RequestName, RequestPayload, RequestResult } from './requests.ts';

/** Typed map for `socket.io` / `socket.io-client`: every request takes a payload and an ack. */
export type ClientToServerEvents = {
  [E in RequestName]: (payload: RequestPayload<E>, ack: (response: Ack<RequestResult<E>>) => void) => void;
};

/** Typed map for `socket.io` / `socket.io-client`: notifications carry one payload, no ack. */
export type ServerToClientEvents = {
  [E in NotificationName]: (payload: NotificationPayload<E>) => void;
};
