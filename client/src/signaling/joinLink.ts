import type { RoleGrant } from '@multaqa/shared';
import { QUERY_TOKEN, readLinkToken } from './linkToken.ts';

export type JoinLink = { token: string; name: string; sessionId: string; grant: RoleGrant };

/** The join link of this tab (see readLinkToken): who it says it is for, before the server checks it. */
export function readJoinLink(location: Location = window.location, storage: Storage = window.sessionStorage): JoinLink | { error: string } {
  const preview = readLinkToken('multaqa:join-token', location, storage);
  if (preview === undefined) return { error: 'This link has no join token. Ask the organizers for your personal join link.' };
  if (preview === 'inQuery') return { error: QUERY_TOKEN };
  if (preview === 'damaged') return { error: 'This join link is damaged. Copy the whole link, or ask the organizers for a new one.' };
  return { token: preview.token, name: preview.name, sessionId: preview.session, grant: preview.grant };
}
