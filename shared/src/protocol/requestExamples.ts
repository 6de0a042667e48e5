import type { RequestName, RequestPayload } from './requests.ts';
import { PROTOCOL_VERSION } from './version.ts';

const EXAMPLE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/**
 * One well-formed payload for every request: documentation by example, and the starting point
 * of schema tests and fuzzing. `token` and `transportId` can be real ones from a live session.
 */
export function requestExamples({ token = 'header.payload.signature', transportId = EXAMPLE_ID } = {}): {
  [E in RequestName]: RequestPayload<E>;
} {
  const dtlsParameters = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256' as const, value: 'AB:CD:EF' }] };
  const rtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 1111 }] };
  return {
    'session:join': { token, protocolVersion: PROTOCOL_VERSION },
    'session:leave': {},
    'media:getRouterRtpCapabilities': {},
    'media:createTransport': { direction: 'recv' },
    'media:connectTransport': { transportId, dtlsParameters },
    'media:restartIce': { transportId },
    'media:produce': { transportId, kind: 'audio', rtpParameters, source: 'microphone' },
    'media:reportInput': { producerId: EXAMPLE_ID, report: { peakDbfs: -6, clippedPercent: 0 } },
    'media:pauseProducer': { producerId: EXAMPLE_ID },
    'media:resumeProducer': { producerId: EXAMPLE_ID },
    'media:closeProducer': { producerId: EXAMPLE_ID },
    'media:consume': { transportId, producerId: EXAMPLE_ID, rtpCapabilities: { codecs: [] } },
    'media:resumeConsumer': { consumerId: EXAMPLE_ID },
    'media:pauseConsumer': { consumerId: EXAMPLE_ID },
    'media:setVideoLayer': { consumerId: EXAMPLE_ID, spatialLayer: 0 },
    'media:closeConsumer': { consumerId: EXAMPLE_ID },
    'interpretation:selectLanguage': { language: 'fr' },
    'booth:goOnAir': {},
    'booth:goOffAir': {},
    'booth:offerHandover': {},
    'booth:cancelHandover': {},
    'booth:takeOver': { force: false },
    'booth:setMuted': { muted: true },
    'booth:setInput': { input: { kind: 'booth', language: 'en' } },
    'booth:sendChat': { text: 'slower please' },
    'queue:raiseHand': { kind: 'normal', topic: 'Budget', language: 'ar' },
    'queue:lowerHand': {},
    'queue:remove': { participantId: 'participant-1' },
    'queue:move': { participantId: 'participant-1', toPosition: 1 },
    'queue:lowerAll': {},
    'queue:get': {},
    'floor:give': { participantId: 'participant-1', limitSeconds: 300 },
    'floor:next': {},
    'floor:take': {},
    'floor:setTimeLimit': { limitSeconds: 120, onTimeUp: 'mute' },
    'booth:slowDown': {},
    'moderation:mute': { participantId: 'participant-1' },
    'moderation:muteAll': {},
    'moderation:remove': { participantId: 'participant-1' },
    'moderation:listParticipants': {},
    'recording:start': {},
    'recording:stop': {},
  };
}
