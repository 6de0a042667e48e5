import { decodeJwt } from 'jose';
import { DisplayNameSchema, RoleGrantSchema, SlugSchema } from '@multaqa/shared';
import { z } from 'zod';

const PreviewSchema = z.object({ name: DisplayNameSchema, session: SlugSchema, grant: RoleGrantSchema });

export type JoinLink = { token: string; name: string; sessionId: string; grant: z.infer<typeof RoleGrantSchema> };

/**
 * Reads the join token from the link's fragment (`/join#token=…`) and previews what it says.
 * Only the server verifies the signature; this is just for showing name and role before joining.
 */
export function readJoinLink(location: Location = window.location): JoinLink | { error: string } {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? new URLSearchParams(location.search).get('token');
  if (!token) return { error: 'This link has no join token. Ask the organizers for your personal join link.' };
  try {
    const claims = PreviewSchema.parse(decodeJwt(token));
    return { token, name: claims.name, sessionId: claims.session, grant: claims.grant };
  } catch {
    return { error: 'This join link is damaged. Copy the whole link, or ask the organizers for a new one.' };
  }
}
