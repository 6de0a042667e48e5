import type { RoleGrant } from '@multaqa/shared';
import { readLinkToken } from './linkToken.ts';

export type JoinLink = { token: string; name: string; sessionId: string; grant: RoleGrant };

/** What is wrong with a join link before the server sees it (link.<problem> in the catalogues). */
export type JoinLinkProblem = 'noToken' | 'inQuery' | 'damaged';

/** The join link of this tab (see readLinkToken): who it says it is for, before the server checks it. */
export function readJoinLink(location: Location = window.location, storage: Storage = window.sessionStorage): JoinLink | { error: JoinLinkProblem } {
  const preview = readLinkToken('multaqa:join-token', location, storage);
  if (preview === undefined) return { error: 'noToken' };
  if (preview === 'inQuery' || preview === 'damaged') return { error: preview };
  return { token: preview.token, name: preview.name, sessionId: preview.session, grant: preview.grant };
}
