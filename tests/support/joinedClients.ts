import { issueJoinToken, type IssueOptions } from '@multaqa/server/auth/joinTokens.ts';
import type { JoinResult } from '@multaqa/shared';
import { SignalingClient } from './signalingClient.ts';
import { TEST_SECRET } from './testServer.ts';

export type Grant = IssueOptions['grant'];
export type JoinedClient = { client: SignalingClient; joined: JoinResult; id: string };

/** Signalling clients joined to sessions on any test server, all closed together after each test. */
export class JoinedClients {
  readonly #clients: SignalingClient[] = [];

  async join(url: string, name: string, grant: Grant, sessionId: string, participantId?: string): Promise<JoinedClient> {
    const client = await this.connect(url);
    const token = await issueJoinToken(TEST_SECRET, { name, grant, sessionId, ...(participantId ? { participantId } : {}) });
    const joined = await client.join(token);
    if (!joined.ok) throw new Error(`${name} could not join: ${joined.error.message}`);
    return { client, joined: joined.data, id: joined.data.self.id };
  }

  /** Connected but not joined. */
  async connect(url: string): Promise<SignalingClient> {
    const client = await SignalingClient.connect(url);
    this.#clients.push(client);
    return client;
  }

  closeAll(): void {
    for (const client of this.#clients.splice(0)) client.close();
  }
}
