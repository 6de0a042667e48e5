// `npm run token -- --role moderator --session plenary-1 --name "Aisha" [--language en] [--id p1] [--ttl 3600]`
// `npm run token -- --revoke "<join link or token>"`   (needs REDIS_URL)
// `npm run token -- --revoke-person <participant id> --session plenary-1`   (needs REDIS_URL)
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { DisplayNameSchema, LanguageCodeSchema, ParticipantIdSchema, RoleGrantSchema, SlugSchema } from '@multaqa/shared';
import { MAX_TOKEN_TTL_SECONDS, verifyJoinToken } from '../auth/joinTokens.ts';
import { ConfigError, loadLinkConfig, loadRedisUrl } from '../config.ts';
import { TokenRevocations } from '../store/tokenRevocations.ts';
import { joinLink } from './joinLinks.ts';
import { withLocalDefaults } from './localDefaults.ts';

const USAGE = [
  'usage: npm run token -- --role <role> --session <id> --name <name> [--language xx] [--id <participant id>] [--ttl <seconds>]',
  '       npm run token -- --revoke "<join link or token>"               (REDIS_URL: the server\'s Redis)',
  '       npm run token -- --revoke-person <participant id> --session <id>   (every link of that person until now)',
].join('\n');

const IssueArgsSchema = z.object({
  role: z.enum(['attendee', 'speaker', 'interpreter', 'moderator', 'organizer']),
  session: SlugSchema,
  name: DisplayNameSchema,
  language: LanguageCodeSchema.optional(),
  id: ParticipantIdSchema.optional(),
  ttl: z.coerce.number().int().positive().max(MAX_TOKEN_TTL_SECONDS, `at most ${MAX_TOKEN_TTL_SECONDS} seconds (31 days)`).optional(),
});

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function linkConfig(): ReturnType<typeof loadLinkConfig> {
  try {
    return loadLinkConfig(withLocalDefaults(process.env));
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
}

async function withRevocations(run: (revocations: TokenRevocations) => Promise<void>): Promise<void> {
  let url: string;
  try {
    url = loadRedisUrl(process.env);
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await run(new TokenRevocations(redis));
  } finally {
    redis.disconnect();
  }
}

async function issue(values: Record<string, unknown>): Promise<void> {
  const args = IssueArgsSchema.safeParse(values);
  if (!args.success) fail(args.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  const grant = RoleGrantSchema.safeParse({ role: args.data.role, language: args.data.language });
  if (!grant.success) fail('an interpreter needs --language (e.g. --language en)');
  const { baseUrl, tokenSecret } = linkConfig();
  const link = await joinLink(baseUrl, tokenSecret, {
    name: args.data.name,
    sessionId: args.data.session,
    grant: grant.data,
    ...(args.data.id ? { participantId: args.data.id } : {}),
    ...(args.data.ttl ? { ttlSeconds: args.data.ttl } : {}),
  });
  process.stdout.write(`${link}\n`);
}

async function revokeLink(linkOrToken: string): Promise<void> {
  const token = linkOrToken.includes('#token=') ? linkOrToken.slice(linkOrToken.indexOf('#token=') + '#token='.length) : linkOrToken;
  const claims = await verifyJoinToken(linkConfig().tokenSecret, token.trim()).catch((error: unknown) =>
    fail(`not a join link of this server: ${(error as Error).message}`),
  );
  await withRevocations((revocations) => revocations.revokeToken(claims.tokenId, claims.expiresAt));
  process.stdout.write(`withdrawn: the link of ${claims.name} (${claims.grant.role}, ${claims.sessionId}, token ${claims.tokenId})\n`);
}

async function revokePerson(participantId: unknown, session: unknown): Promise<void> {
  const id = ParticipantIdSchema.safeParse(participantId);
  const sessionId = SlugSchema.safeParse(session);
  if (!id.success || !sessionId.success) fail('--revoke-person needs a participant id and --session');
  await withRevocations((revocations) => revocations.revokePerson(sessionId.data, id.data, MAX_TOKEN_TTL_SECONDS));
  process.stdout.write(`withdrawn: every link of ${id.data} for ${sessionId.data} issued until now\n`);
}

async function main(): Promise<void> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        session: { type: 'string' },
        name: { type: 'string' },
        language: { type: 'string' },
        id: { type: 'string' },
        ttl: { type: 'string' },
        revoke: { type: 'string' },
        'revoke-person': { type: 'string' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (typeof values.revoke === 'string') return revokeLink(values.revoke);
  if (values['revoke-person'] !== undefined) return revokePerson(values['revoke-person'], values.session);
  return issue(values);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.message ?? error)}\n`);
  process.exit(1);
});
