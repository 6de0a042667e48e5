import { QUERY_TOKEN, readLinkToken } from '../../signaling/linkToken.ts';

export type OperatorLink = { token: string; name: string; sessionId: string; role: string };

/**
 * The organizer's token of an operator view (`/operator#token=…`, see readLinkToken: an operator
 * view is often on a shared screen); the server checks it on every request.
 */
export function readOperatorLink(location: Location = window.location, storage: Storage = window.sessionStorage): OperatorLink | { error: string } {
  const preview = readLinkToken('multaqa:operator-token', location, storage);
  if (preview === undefined) return { error: "This link has no token. Open the operator view with an organizer's link: /operator#token=…" };
  if (preview === 'inQuery') return { error: QUERY_TOKEN };
  if (preview === 'damaged') return { error: 'This link is damaged. Copy the whole link, or ask for a new one.' };
  return { token: preview.token, name: preview.name, sessionId: preview.session, role: preview.grant.role };
}
