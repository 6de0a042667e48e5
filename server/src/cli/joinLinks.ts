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

/** Demo links for every role of the demo conference's first plenary. */
export async function demoLinks(baseUrl: string, secret: string, sessionId = 'plenary-1') {
  const people: Array<{ label: string } & LinkRequest> = [
    { label: 'organizer', name: 'Organizer Amina', participantId: 'demo-organizer', sessionId, grant: { role: 'organizer' } },
    { label: 'moderator', name: 'Moderator Yusuf', participantId: 'demo-moderator', sessionId, grant: { role: 'moderator' } },
    { label: 'speaker', name: 'Speaker Khadija', participantId: 'demo-speaker-1', sessionId, grant: { role: 'speaker' } },
    { label: 'speaker 2', name: 'Speaker Omar', participantId: 'demo-speaker-2', sessionId, grant: { role: 'speaker' } },
    ...['en', 'fr', 'es', 'tr', 'ur', 'ms'].map((language) => ({
      label: `interpreter (${language})`,
      name: `Interpreter ${language.toUpperCase()}`,
      participantId: `demo-interpreter-${language}`,
      sessionId,
      grant: { role: 'interpreter' as const, language },
    })),
    { label: 'attendee', name: 'Attendee Sara', participantId: 'demo-attendee-1', sessionId, grant: { role: 'attendee' } },
    { label: 'attendee 2', name: 'Attendee Bilal', participantId: 'demo-attendee-2', sessionId, grant: { role: 'attendee' } },
  ];
  return Promise.all(people.map(async ({ label, ...request }) => ({ label, url: await joinLink(baseUrl, secret, request) })));
}
