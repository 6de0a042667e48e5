import { decodeJwt } from 'jose';
import { DisplayNameSchema, RoleGrantSchema, SlugSchema } from '@multaqa/shared';
import { z } from 'zod';

const PreviewSchema = z.object({ name: DisplayNameSchema, session: SlugSchema, grant: RoleGrantSchema });
export type TokenPreview = { token: string } & z.infer<typeof PreviewSchema>;

/**
 * A page's link token, from its fragment (`#token=…`; never from the query string, which
 * servers and proxies log), taken out of the address bar at once (so a screenshot, a shared
 * screen or a copied address does not carry it) and kept under `tabKey` for this tab only, for
 * reloads. What it says is only previewed here: the server checks it. Undefined: no token;
 * 'damaged': not one of ours; 'inQuery': a token after `?`, never used (and taken off the
 * address bar too), since it may already sit in a server's or proxy's log.
 */
export function readLinkToken(
  tabKey: string,
  location: Location = window.location,
  storage: Storage = window.sessionStorage,
): TokenPreview | 'damaged' | 'inQuery' | undefined {
  if (new URLSearchParams(location.search).has('token')) {
    window.history.replaceState(window.history.state, '', location.pathname);
    return 'inQuery';
  }
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    storage.setItem(tabKey, fromFragment);
    window.history.replaceState(window.history.state, '', location.pathname);
  }
  const token = fromFragment ?? storage.getItem(tabKey);
  if (!token) return undefined;
  try {
    return { token, ...PreviewSchema.parse(decodeJwt(token)) };
  } catch {
    return 'damaged';
  }
}

/** What a page says of a token in the query string. */
export const QUERY_TOKEN =
  'This link carries its token after “?”, where servers and proxies may have logged it, so it is not used. Ask the organizers for a new link (join links carry the token after “#”).';
