import { handle } from '../handle.ts';
import { joinedState, type SocketContext } from '../socketContext.ts';

/** The mediasoup handshake: capabilities → transports → produce / consume (paused, then resumed). */
export function registerMediaHandlers({ socket, logger, ice, audioEncoding }: SocketContext): void {
  const joined = () => joinedState(socket);
  const media = () => joined().session.peer(socket.id).media;

  handle(socket, 'media:getRouterRtpCapabilities', logger, () => ({
    rtpCapabilities: joined().session.rtpCapabilities,
    audioEncoding,
  }));

  handle(socket, 'media:createTransport', logger, async ({ direction }) => {
    const { session, participant, link } = joined();
    if (direction === 'send') session.assertMaySend(socket.id);
    return { ...(await media().createTransport(direction)), ...ice(participant.id, link.expiresAt) };
  });

  handle(socket, 'media:restartIce', logger, async ({ transportId }) => ({
    iceParameters: await media().restartIce(transportId),
  }));

  handle(socket, 'media:connectTransport', logger, async ({ transportId, dtlsParameters }) => {
    await media().connectTransport(transportId, dtlsParameters);
    return {};
  });

  handle(socket, 'media:produce', logger, async (request) => ({
    producerId: await joined().session.produce(socket.id, request),
  }));

  handle(socket, 'media:reportInput', logger, ({ producerId, report }) => {
    joined().session.reportInput(socket.id, producerId, report);
    return {};
  });

  handle(socket, 'media:pauseProducer', logger, async ({ producerId }) => {
    await joined().session.setOwnPaused(socket.id, producerId, true);
    return {};
  });

  handle(socket, 'media:resumeProducer', logger, async ({ producerId }) => {
    await joined().session.setOwnPaused(socket.id, producerId, false);
    return {};
  });

  handle(socket, 'media:closeProducer', logger, ({ producerId }) => {
    joined().session.closeOwnProducer(socket.id, producerId);
    return {};
  });

  handle(socket, 'media:consume', logger, (request) => joined().session.consume(socket.id, request));

  handle(socket, 'media:setVideoLayer', logger, async ({ consumerId, spatialLayer }) => {
    await media().setVideoLayer(consumerId, spatialLayer);
    return {};
  });

  handle(socket, 'media:closeConsumer', logger, ({ consumerId }) => {
    media().consumer(consumerId).close();
    return {};
  });

  handle(socket, 'media:resumeConsumer', logger, async ({ consumerId }) => {
    await joined().session.resumeConsumer(socket.id, consumerId);
    return {};
  });

  handle(socket, 'media:pauseConsumer', logger, async ({ consumerId }) => {
    await media().setConsumerPaused(consumerId, true);
    return {};
  });
}
