import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadLinkConfig } from './config.ts';

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

  it.each([
    [{ REDIS_URL: undefined }, /REDIS_URL/],
    [{ REDIS_URL: 'http://example.org' }, /REDIS_URL/],
    [{ TOKEN_SECRET: 'short' }, /TOKEN_SECRET must be at least 32/],
    [{ PORT: 'eighty' }, /PORT/],
    [{ RTC_LISTEN_IP: 'localhost' }, /RTC_LISTEN_IP/],
    [{ RTC_MIN_PORT: '50000', RTC_MAX_PORT: '40000' }, /RTC_MIN_PORT must not exceed/],
    [{ MEDIASOUP_WORKERS: '0' }, /MEDIASOUP_WORKERS/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('refuses %j with a clear message', (override, message) => {
    expect(() => loadConfig({ ...minimal, ...override })).toThrowError(ConfigError);
    expect(() => loadConfig({ ...minimal, ...override })).toThrowError(message);
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig({ PORT: '-1' })).toThrowError(/REDIS_URL[\s\S]*TOKEN_SECRET|TOKEN_SECRET[\s\S]*REDIS_URL/);
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
