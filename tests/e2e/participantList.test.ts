import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JoinedClients } from '../support/joinedClients.ts';
import { ServerProcess } from '../support/serverProcess.ts';
import { joinWith, openJoinLink, useServerAndBrowser } from '../support/sessionPage.ts';

// The moderator's participant list while people join and leave through two server processes at
// once: it must name everyone the header counts, and find a name however it is typed.
const SESSION = 'workshop-2';
const env = useServerAndBrowser();
let other: ServerProcess;
const people = new JoinedClients();
beforeAll(async () => {
  other = await ServerProcess.start();
});
afterEach(() => people.closeAll());
afterAll(async () => {
  await other?.stop();
});

const LONG_ARABIC = 'عَبْدُ الرَّحْمٰن بن إبراهيم الحسيني (Abdulrahman Al-Husseini)';

describe("the moderator's participant list", () => {
  it('names everyone who joins while it is open, through either process and all at once, drops those who leave, and finds a name with or without its marks', async () => {
    const token = await env.server.token('Yusuf', { role: 'moderator' }, { sessionId: SESSION, participantId: 'pl-yusuf' });
    const moderator = await joinWith(await openJoinLink(env.browser, env.server.url, token, 'Yusuf'), 'Join with camera and microphone');
    const list = moderator.getByRole('region', { name: 'Participants' });
    await expect.poll(() => list.getByRole('heading').textContent()).toBe('Participants (1)');

    const names = [LONG_ARABIC, 'Sara', 'Bilal', 'Zoë Çelik', 'فاطمة الزهراء', 'Omar', 'Huda', 'Kim', 'Amina', 'Tariq'];
    const joined = await Promise.all(
      names.map((name, index) => people.join(index % 2 === 0 ? env.server.url : other.url, name, { role: 'attendee' }, SESSION, `pl-${index}`)),
    );
    const header = moderator.getByTestId('participant-count');
    await expect.poll(() => header.textContent()).toBe(`${names.length + 1} participants`);
    await expect.poll(() => list.getByRole('heading').textContent()).toBe(`Participants (${names.length + 1})`);
    for (const index of names.keys()) await list.locator(`li[data-participant="pl-${index}"]`).waitFor();

    // Found whichever way it is typed: without the Arabic marks, another form of a letter, in Latin letters.
    const search = list.getByRole('textbox', { name: 'Search participants' });
    for (const typed of ['عبد الرحمن', 'ابراهيم', 'abdulrahman']) {
      await search.fill(typed);
      await expect.poll(() => list.locator('li').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-participant')))).toEqual(['pl-0']);
    }
    await search.fill('فاطمه');
    await expect.poll(() => list.locator('li').count()).toBe(1);
    await search.fill('zoe celik');
    await expect.poll(() => list.locator('li').count()).toBe(1);
    await search.fill('');

    // Half of them leave, through both processes, all at once.
    for (const { client } of joined.slice(0, 5)) client.close();
    await expect.poll(() => header.textContent()).toBe('6 participants');
    await expect.poll(() => list.getByRole('heading').textContent()).toBe('Participants (6)');
    for (const index of [0, 1, 2, 3, 4]) await list.locator(`li[data-participant="pl-${index}"]`).waitFor({ state: 'detached' });
  });
});
