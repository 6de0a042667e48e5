import { describe, expect, it } from 'vitest';
import { requests, REQUEST_NAMES } from './requests.ts';
import { PROTOCOL_VERSION } from './version.ts';
import { requestExamples } from './requestExamples.ts';
import { notifications } from './notifications.ts';
import { ackSchema } from '../errors.ts';
import { z } from 'zod';

const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
const dtls = { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] };
const rtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 1111 }] };

describe('request schemas', () => {
  const valid: Record<string, unknown> = requestExamples({ token: 'a.b.c-long-enough' });

  it('has a valid example for every request', () => {
    expect(Object.keys(valid).sort()).toEqual([...REQUEST_NAMES].sort());
  });

  it.each(REQUEST_NAMES)('%s accepts a well-formed payload', (name) => {
    expect(requests[name].request.safeParse(valid[name]).success).toBe(true);
  });

  it.each(REQUEST_NAMES)('%s rejects non-objects', (name) => {
    for (const bad of [null, undefined, 42, 'x', [], true]) {
      expect(requests[name].request.safeParse(bad).success).toBe(false);
    }
  });

  it.each([
    ['session:join', { token: 'short', protocolVersion: PROTOCOL_VERSION }],
    ['session:join', { token: 'a.b.c-long-enough', protocolVersion: PROTOCOL_VERSION + 1 }],
    ['session:join', { token: 'x'.repeat(5000), protocolVersion: PROTOCOL_VERSION }],
    ['session:leave', { extra: 1 }],
    ['media:createTransport', { direction: 'sideways' }],
    ['media:connectTransport', { transportId: 'not-a-uuid', dtlsParameters: dtls }],
    ['media:connectTransport', { transportId: uuid, dtlsParameters: { fingerprints: [] } }],
    ['media:connectTransport', { transportId: uuid, dtlsParameters: { fingerprints: [{ algorithm: 'md5', value: 'x' }] } }],
    ['media:produce', { transportId: uuid, kind: 'smell', rtpParameters, source: 'microphone' }],
    ['media:produce', { transportId: uuid, kind: 'audio', rtpParameters: { codecs: [] }, source: 'microphone' }],
    ['media:produce', { transportId: uuid, kind: 'audio', rtpParameters, source: 'screen-of-death' }],
    ['media:produce', { transportId: uuid, kind: 'audio', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 300, clockRate: 48000 }] }, source: 'microphone' }],
    ['media:consume', { transportId: uuid, producerId: uuid, rtpCapabilities: { codecs: 'all' } }],
    ['media:resumeConsumer', { consumerId: '../../etc/passwd' }],
    ['interpretation:selectLanguage', { language: 'French' }],
    ['interpretation:selectLanguage', {}],
    ['booth:goOnAir', { language: 'fr' }],
    ['booth:setMuted', { muted: 'yes' }],
    ['booth:setInput', { input: { kind: 'booth' } }],
    ['booth:setInput', { input: { kind: 'satellite' } }],
    ['booth:sendChat', { text: '   ' }],
    ['booth:sendChat', { text: 'x'.repeat(501) }],
  ] as const)('%s rejects %j', (name, payload) => {
    expect(requests[name].request.safeParse(payload).success).toBe(false);
  });
});

describe('acks and notifications', () => {
  it('an ack is either ok with data or an error with a known code', () => {
    const schema = ackSchema(z.object({ producerId: z.string() }));
    expect(schema.safeParse({ ok: true, data: { producerId: 'p' } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: 'TEAPOT', message: 'no' } }).success).toBe(false);
    expect(schema.safeParse({ ok: true }).success).toBe(false);
  });

  it('session:ended names its reason', () => {
    expect(notifications['session:ended'].safeParse({ reason: 'REPLACED', message: 'x' }).success).toBe(true);
    expect(notifications['session:ended'].safeParse({ reason: 'BORED', message: 'x' }).success).toBe(false);
  });
});
