import type { RoleGrant } from '@multaqa/shared';
import { issueJoinToken } from '../auth/joinTokens.ts';

export type LinkRequest = { name: string; sessionId: string; grant: RoleGrant; participantId?: string; ttlSeconds?: number };

/** The token travels in the URL fragment, so it never reaches server logs or referrers. */
export async function joinLink(baseUrl: string, secret: string, request: LinkRequest): Promise<string> {
  const token = await issueJoinToken(secret, request);
  return `${baseUrl.replace(/\/$/, '')}/join#token=${token}`;
}

/** The operator view of a join link's session: the same token, on the operator page (it works for organizers only). */
export function operatorLink(joinUrl: string): string {
  return joinUrl.replace('/join#', '/operator#');
}

/** Demo interpreters, one per language of the demo conference. */
const DEMO_INTERPRETERS: Record<string, string> = { en: 'Emily', fr: 'Claire', es: 'Lucía', tr: 'Elif', ur: 'Ayesha', ms: 'Nurul' };

/**
 * Demo links for every role of the demo conference's first plenary. The names are people's
 * names only: the page adds the role where it matters ("Moderator Yusuf gave you the floor").
 */
export async function demoLinks(baseUrl: string, secret: string, sessionId = 'plenary-1') {
  const people: Array<{ label: string } & LinkRequest> = [
    { label: 'organizer', name: 'Amina', participantId: 'demo-organizer', sessionId, grant: { role: 'organizer' } },
    { label: 'moderator', name: 'Yusuf', participantId: 'demo-moderator', sessionId, grant: { role: 'moderator' } },
    { label: 'speaker', name: 'Khadija', participantId: 'demo-speaker-1', sessionId, grant: { role: 'speaker' } },
    { label: 'speaker 2', name: 'Omar', participantId: 'demo-speaker-2', sessionId, grant: { role: 'speaker' } },
    ...Object.entries(DEMO_INTERPRETERS).map(([language, name]) => ({
      label: `interpreter (${language})`,
      name,
      participantId: `demo-interpreter-${language}`,
      sessionId,
      grant: { role: 'interpreter' as const, language },
    })),
    { label: 'attendee', name: 'Sara', participantId: 'demo-attendee-1', sessionId, grant: { role: 'attendee' } },
    { label: 'attendee 2', name: 'Bilal', participantId: 'demo-attendee-2', sessionId, grant: { role: 'attendee' } },
  ];
  return Promise.all(people.map(async ({ label, ...request }) => ({ label, url: await joinLink(baseUrl, secret, request) })));
}
