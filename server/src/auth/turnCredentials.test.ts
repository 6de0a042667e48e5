import { describe, expect, it } from 'vitest';
import { IceServerSchema } from '@multaqa/shared';
import { iceServersFor, turnCredential } from './turnCredentials.ts';

const secret = 'multaqa-test-turn-secret';

describe('turnCredential', () => {
  it('is the TURN REST API HMAC: base64(HMAC-SHA1(secret, "<expiry>:<participant>"))', () => {
    // Both computed apart from this code: printf %s "1700000000:alice" | openssl dgst -sha1 -hmac "$secret" -binary | base64
    expect(turnCredential(secret, 'alice', 1_700_000_000)).toEqual({ username: '1700000000:alice', credential: 'HpYvin5b6wQSxtMVZA5HSOrQon8=' });
    expect(turnCredential(secret, 'e2e-listener', 1_700_086_400).credential).toBe('sCEH5Zl8+16jX/O5Ux/TEv4/pYY=');
  });

  it('differs with another secret, participant or expiry', () => {
    const base = turnCredential(secret, 'alice', 1_700_000_000).credential;
    expect(turnCredential(`${secret}!`, 'alice', 1_700_000_000).credential).not.toBe(base);
    expect(turnCredential(secret, 'bob', 1_700_000_000).credential).not.toBe(base);
    expect(turnCredential(secret, 'alice', 1_700_000_001).credential).not.toBe(base);
  });
});

describe('iceServersFor', () => {
  const turn = { urls: ['turn:203.0.113.10:3478?transport=udp', 'turn:203.0.113.10:3478?transport=tcp'], secret, ttlSeconds: 3600 };

  it('offers every TURN URL with a credential that expires ttlSeconds from now', () => {
    const [server, ...more] = iceServersFor(turn, 'alice', 1_800_000_000, 1_700_000_000_500);
    expect(more).toEqual([]);
    expect(server).toEqual({ urls: turn.urls, ...turnCredential(secret, 'alice', 1_700_003_600) });
    expect(IceServerSchema.parse(server)).toEqual(server);
  });

  it("never outlasts the join link: a link ending sooner than ttlSeconds ends the credential with it", () => {
    const [server] = iceServersFor(turn, 'alice', 1_700_000_600, 1_700_000_000_500);
    expect(server).toEqual({ urls: turn.urls, ...turnCredential(secret, 'alice', 1_700_000_600) });
  });

  it('offers nothing without TURN', () => {
    expect(iceServersFor(undefined, 'alice', 1_800_000_000)).toEqual([]);
  });
});
