import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadLinkConfig, loadRedisUrl, REQUIRED_IN_PRODUCTION } from './config.ts';

const minimal = { REDIS_URL: 'redis://127.0.0.1:6379', TOKEN_SECRET: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('fills defaults', () => {
    const config = loadConfig(minimal);
    expect(config.http.port).toBe(3000);
    expect(config.rtc).toMatchObject({ listenIp: '127.0.0.1', minPort: 40000, maxPort: 49999 });
    expect(config.mediasoupWorkers).toBeGreaterThanOrEqual(1);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...minimal,
      PORT: '8080',
      RTC_LISTEN_IP: '0.0.0.0',
      RTC_ANNOUNCED_IP: 'conf.example.org',
      RTC_MIN_PORT: '42000',
      RTC_MAX_PORT: '42100',
      MEDIASOUP_WORKERS: '3',
      LOG_LEVEL: 'debug',
    });
    expect(config.http.port).toBe(8080);
    expect(config.rtc).toEqual({ listenIp: '0.0.0.0', announcedAddress: 'conf.example.org', minPort: 42000, maxPort: 42100, port: undefined });
    expect(config.mediasoupWorkers).toBe(3);
    expect(config.logLevel).toBe('debug');
  });

  it('keeps recordings under the local state directory unless RECORDINGS_DIR says where, with 1 GiB left free unless RECORDINGS_MIN_FREE_MB says otherwise', () => {
    expect(loadConfig({ ...minimal, MULTAQA_STATE_DIR: '/var/lib/multaqa' }).recordings).toEqual({ dir: '/var/lib/multaqa/recordings', ffmpeg: 'ffmpeg', minFreeMb: 1024 });
    expect(loadConfig({ ...minimal, RECORDINGS_DIR: '/srv/recordings', FFMPEG_PATH: '/opt/ffmpeg/bin/ffmpeg', RECORDINGS_MIN_FREE_MB: '0' }).recordings).toEqual({
      dir: '/srv/recordings',
      ffmpeg: '/opt/ffmpeg/bin/ffmpeg',
      minFreeMb: 0,
    });
    for (const bad of ['-1', 'lots', '1.5']) expect(() => loadConfig({ ...minimal, RECORDINGS_MIN_FREE_MB: bad })).toThrowError(/RECORDINGS_MIN_FREE_MB/);
  });

  it.each([
    [{ REDIS_URL: undefined }, /REDIS_URL/],
    [{ REDIS_URL: 'http://example.org' }, /REDIS_URL/],
    [{ TOKEN_SECRET: 'short' }, /TOKEN_SECRET must be at least 32/],
    [{ PORT: 'eighty' }, /PORT/],
    [{ RTC_LISTEN_IP: 'localhost' }, /RTC_LISTEN_IP/],
    [{ RTC_MIN_PORT: '50000', RTC_MAX_PORT: '40000' }, /RTC_MIN_PORT must not exceed/],
    [{ MEDIASOUP_WORKERS: '0' }, /MEDIASOUP_WORKERS/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ METRICS_TOKEN: 'too-short' }, /METRICS_TOKEN must be at least 16/],
    [{ METRICS_TOKEN: 'sixteen chars and a space' }, /METRICS_TOKEN may hold/],
  ])('refuses %j with a clear message', (override, message) => {
    expect(() => loadConfig({ ...minimal, ...override })).toThrowError(ConfigError);
    expect(() => loadConfig({ ...minimal, ...override })).toThrowError(message);
  });

  it('protects /metrics only when METRICS_TOKEN is set', () => {
    expect(loadConfig(minimal).metricsToken).toBeUndefined();
    expect(loadConfig({ ...minimal, METRICS_TOKEN: 'scrape-me-0123456789' }).metricsToken).toBe('scrape-me-0123456789');
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig({ PORT: '-1' })).toThrowError(/REDIS_URL[\s\S]*TOKEN_SECRET|TOKEN_SECRET[\s\S]*REDIS_URL/);
  });
});

describe('the announced address', () => {
  it.each(['0.0.0.0', '::'])('is required when RTC_LISTEN_IP is %s (every interface), naming the variable', (ip) => {
    expect(() => loadConfig({ ...minimal, RTC_LISTEN_IP: ip })).toThrowError(ConfigError);
    expect(() => loadConfig({ ...minimal, RTC_LISTEN_IP: ip })).toThrowError(
      new RegExp(`RTC_ANNOUNCED_IP: required when RTC_LISTEN_IP is ${ip.replace('.', '\\.')}.*set RTC_ANNOUNCED_IP \\(or PUBLIC_IP\\)`),
    );
  });

  it('is never a silent loopback default', () => {
    expect(loadConfig({ ...minimal, RTC_LISTEN_IP: '0.0.0.0', RTC_ANNOUNCED_IP: '203.0.113.10' }).rtc.announcedAddress).toBe('203.0.113.10');
    // A specific interface is reachable at its own address: nothing to announce.
    expect(loadConfig({ ...minimal, RTC_LISTEN_IP: '192.0.2.7' }).rtc.announcedAddress).toBeUndefined();
  });

  it('takes PUBLIC_IP (the name docker-compose uses) when RTC_ANNOUNCED_IP is unset', () => {
    expect(loadConfig({ ...minimal, RTC_LISTEN_IP: '0.0.0.0', PUBLIC_IP: '203.0.113.10' }).rtc.announcedAddress).toBe('203.0.113.10');
    expect(loadConfig({ ...minimal, RTC_LISTEN_IP: '0.0.0.0', PUBLIC_IP: '203.0.113.10', RTC_ANNOUNCED_IP: 'media.example.org' }).rtc.announcedAddress).toBe(
      'media.example.org',
    );
  });

  it('refuses a loopback address in production, where browsers are elsewhere', () => {
    const production = { ...minimal, NODE_ENV: 'production', PUBLIC_URL: 'https://conf.example.org', RTC_LISTEN_IP: '0.0.0.0' };
    expect(() => loadConfig({ ...production, PUBLIC_IP: '127.0.0.1' })).toThrowError(/RTC_ANNOUNCED_IP: 127\.0\.0\.1 is a loopback address/);
    expect(loadConfig({ ...production, PUBLIC_IP: '203.0.113.10' }).env).toBe('production');
  });
});

describe('production', () => {
  const production = { ...minimal, NODE_ENV: 'production', PUBLIC_URL: 'https://conf.example.org' };

  it('names every missing piece at once, with the broken ones', () => {
    const message = (() => {
      try {
        loadConfig({ NODE_ENV: 'production', TOKEN_SECRET: minimal.TOKEN_SECRET, RTC_LISTEN_IP: '0.0.0.0', PORT: 'x' });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['PORT', 'REDIS_URL', 'RTC_ANNOUNCED_IP', 'PUBLIC_URL']) expect(message).toMatch(new RegExp(`^  ${name}: `, 'm'));
    expect(message.match(/^  REDIS_URL: /gm)).toHaveLength(1);
  });

  it.each(REQUIRED_IN_PRODUCTION)('refuses to start without %s', (name) => {
    expect(loadConfig(production).env).toBe('production');
    expect(() => loadConfig({ ...production, [name]: undefined })).toThrowError(new RegExp(`${name}:`));
  });
});

describe('TURN', () => {
  const turn = { TURN_URLS: 'turn:203.0.113.10:3478?transport=udp, turn:203.0.113.10:3478?transport=tcp,', TURN_SECRET: 's'.repeat(32) };

  it('is off by default', () => {
    expect(loadConfig(minimal).ice).toEqual({ turn: undefined, transportPolicy: 'all' });
  });

  it('reads the URLs, the secret and the credential lifetime', () => {
    expect(loadConfig({ ...minimal, ...turn, TURN_TTL_SECONDS: '3600', ICE_TRANSPORT_POLICY: 'relay' }).ice).toEqual({
      turn: { urls: ['turn:203.0.113.10:3478?transport=udp', 'turn:203.0.113.10:3478?transport=tcp'], secret: turn.TURN_SECRET, ttlSeconds: 3600 },
      transportPolicy: 'relay',
    });
    expect(loadConfig({ ...minimal, ...turn }).ice.turn?.ttlSeconds).toBe(86_400);
  });

  it.each([
    [{ TURN_URLS: turn.TURN_URLS }, /TURN_SECRET: required with TURN_URLS/],
    [{ TURN_SECRET: turn.TURN_SECRET }, /TURN_URLS: required with TURN_SECRET/],
    [{ ...turn, TURN_URLS: 'stun:203.0.113.10:3478' }, /TURN_URLS.*turn: or turns: URL/],
    [{ ...turn, TURN_URLS: 'https://turn.example.org' }, /TURN_URLS/],
    [{ ...turn, TURN_SECRET: 'short' }, /TURN_SECRET must be at least 16/],
    [{ ...turn, TURN_TTL_SECONDS: '10' }, /TURN_TTL_SECONDS/],
    [{ ICE_TRANSPORT_POLICY: 'relay' }, /ICE_TRANSPORT_POLICY: relay needs TURN_URLS/],
    [{ ...turn, ICE_TRANSPORT_POLICY: 'direct' }, /ICE_TRANSPORT_POLICY/],
  ])('refuses %j with a clear message', (override, message) => {
    expect(() => loadConfig({ ...minimal, ...override })).toThrowError(message);
  });
});

describe('loadLinkConfig', () => {
  it('uses PUBLIC_URL when set, else localhost and PORT', () => {
    expect(loadLinkConfig({ TOKEN_SECRET: minimal.TOKEN_SECRET, PORT: '4000' }).baseUrl).toBe('http://localhost:4000');
    expect(loadLinkConfig({ TOKEN_SECRET: minimal.TOKEN_SECRET, PUBLIC_URL: 'https://conf.example.org' }).baseUrl).toBe(
      'https://conf.example.org',
    );
  });
});

describe('secrets from files (<NAME>_FILE, as docker secrets mount them)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'multaqa-secrets-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads TOKEN_SECRET, TURN_SECRET, REDIS_URL and METRICS_TOKEN from their files, without the trailing line break', () => {
    const config = loadConfig({
      REDIS_URL_FILE: file('redis-url', 'redis://:pw@127.0.0.1:6380\n'),
      TOKEN_SECRET_FILE: file('token-secret', `${'t'.repeat(40)}\n`),
      TURN_URLS: 'turn:203.0.113.10:3478',
      TURN_SECRET_FILE: file('turn-secret', 'u'.repeat(20)),
      METRICS_TOKEN_FILE: file('metrics-token', `${'m'.repeat(20)}\r\n`),
    });
    expect(config.redisUrl).toBe('redis://:pw@127.0.0.1:6380');
    expect(config.tokenSecret).toBe('t'.repeat(40));
    expect(config.ice.turn?.secret).toBe('u'.repeat(20));
    expect(config.metricsToken).toBe('m'.repeat(20));
    expect(loadLinkConfig({ TOKEN_SECRET_FILE: join(dir, 'token-secret') }).tokenSecret).toBe('t'.repeat(40));
    expect(loadRedisUrl({ REDIS_URL_FILE: join(dir, 'redis-url') })).toBe('redis://:pw@127.0.0.1:6380');
  });

  it('refuses a file that cannot be read, both ways of giving one secret, and a secret too short in its file', () => {
    const load = () =>
      loadConfig({
        REDIS_URL: minimal.REDIS_URL,
        REDIS_URL_FILE: file('redis-url-2', minimal.REDIS_URL),
        TOKEN_SECRET_FILE: join(dir, 'missing'),
        METRICS_TOKEN_FILE: file('short', 'short'),
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/REDIS_URL_FILE: set either REDIS_URL or REDIS_URL_FILE, not both/);
    expect(load).toThrow(/TOKEN_SECRET_FILE: cannot read .*missing: ENOENT/);
    expect(load).toThrow(/METRICS_TOKEN: METRICS_TOKEN must be at least 16 characters/);
  });
});
