// `npm run token -- --role moderator --session plenary-1 --name "Aisha" [--language en] [--id p1] [--ttl 3600]`
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DisplayNameSchema, LanguageCodeSchema, ParticipantIdSchema, RoleGrantSchema, SlugSchema } from '@multaqa/shared';
import { ConfigError, loadLinkConfig } from '../config.ts';
import { joinLink } from './joinLinks.ts';
import { withLocalDefaults } from './localDefaults.ts';

const ArgsSchema = z.object({
  role: z.enum(['attendee', 'speaker', 'interpreter', 'moderator', 'organizer']),
  session: SlugSchema,
  name: DisplayNameSchema,
  language: LanguageCodeSchema.optional(),
  id: ParticipantIdSchema.optional(),
  ttl: z.coerce.number().int().positive().optional(),
});

function fail(message: string): never {
  process.stderr.write(`${message}\n\nusage: npm run token -- --role <role> --session <id> --name <name> [--language xx] [--id <participant id>] [--ttl <seconds>]\n`);
  process.exit(2);
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
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  const args = ArgsSchema.safeParse(values);
  if (!args.success) fail(args.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  const grant = RoleGrantSchema.safeParse({ role: args.data.role, language: args.data.language });
  if (!grant.success) fail('an interpreter needs --language (e.g. --language en)');
  let linkConfig: ReturnType<typeof loadLinkConfig>;
  try {
    linkConfig = loadLinkConfig(withLocalDefaults(process.env));
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  const link = await joinLink(linkConfig.baseUrl, linkConfig.tokenSecret, {
    name: args.data.name,
    sessionId: args.data.session,
    grant: grant.data,
    ...(args.data.id ? { participantId: args.data.id } : {}),
    ...(args.data.ttl ? { ttlSeconds: args.data.ttl } : {}),
  });
  process.stdout.write(`${link}\n`);
}

void main();
