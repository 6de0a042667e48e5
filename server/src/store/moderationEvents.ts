import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DisplayNameSchema, ParticipantIdSchema, SlugSchema } from '@multaqa/shared';

export const MODERATION_CHANNEL = 'multaqa:moderation';

/** The moderator who acted, so the people muted are told who it was. */
const ActorSchema = z.object({ id: ParticipantIdSchema, name: DisplayNameSchema });

/** A moderator's action on people, carried out by whichever process holds their connection. */
export const ModerationMessageSchema = z.object({
  sessionId: SlugSchema,
  action: z.discriminatedUnion('type', [
    z.object({ type: z.literal('mute'), participantId: ParticipantIdSchema, by: ActorSchema.optional() }),
    z.object({ type: z.literal('muteAll'), by: ActorSchema.optional() }),
    z.object({ type: z.literal('remove'), participantId: ParticipantIdSchema }),
    /** The person joined again through process `by`: other processes end their old connection. */
    z.object({ type: z.literal('replaced'), participantId: ParticipantIdSchema, by: z.string().min(1) }),
  ]),
});
export type ModerationMessage = z.infer<typeof ModerationMessageSchema>;

const removedKey = (sessionId: string) => `multaqa:removed:${sessionId}`;

/** Publishes moderation actions and remembers who was removed from which session. */
export class ModerationStore {
  constructor(private readonly redis: Redis) {}

  async publish(message: ModerationMessage): Promise<void> {
    if (message.action.type === 'remove') await this.redis.sadd(removedKey(message.sessionId), message.action.participantId);
    await this.redis.publish(MODERATION_CHANNEL, JSON.stringify(message));
  }

  async isRemoved(sessionId: string, participantId: string): Promise<boolean> {
    return (await this.redis.sismember(removedKey(sessionId), participantId)) === 1;
  }
}
