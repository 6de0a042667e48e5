import { inject } from 'vitest';
import { LIFTED_ADDRESS_LIMITS } from './testLimits.ts';
import { issueJoinToken } from '@multaqa/server/auth/joinTokens.ts';
import { loadConfig } from '@multaqa/server/config.ts';
import { createLogger } from '@multaqa/server/logger.ts';
import { startServer, type RunningServer } from '@multaqa/server/main.ts';
import type { RoleGrant } from '@multaqa/shared';

export const TEST_SECRET = 'integration-test-secret-0123456789abcdef';

export type TestServer = RunningServer & {
  /** A signed join token for the demo conference's first plenary (or `sessionId`). */
  token: (name: string, grant: RoleGrant, options?: { sessionId?: string; participantId?: string }) => Promise<string>;
};

/** The real server (real Redis, real mediasoup workers) on a free port, as `npm start` runs it. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({
    REDIS_URL: inject('redisUrl'),
    TOKEN_SECRET: TEST_SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    MEDIASOUP_WORKERS: '1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The test file's own empty state directory (isolatedState.ts), not the user's.
    ...(process.env.MULTAQA_STATE_DIR ? { MULTAQA_STATE_DIR: process.env.MULTAQA_STATE_DIR } : {}),
    ...LIFTED_ADDRESS_LIMITS,
    ...env,
  });
  const server = await startServer(config, createLogger(config.logLevel, 'test-server'));
  return {
    ...server,
    token: (name, grant, options = {}) =>
      issueJoinToken(TEST_SECRET, {
        name,
        grant,
        sessionId: options.sessionId ?? 'plenary-1',
        ...(options.participantId ? { participantId: options.participantId } : {}),
      }),
  };
}
