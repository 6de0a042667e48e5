import { z } from 'zod';
import { MediaSourceSchema, type MediaSource } from '@multaqa/shared';

/** Per tab (sessionStorage), like the join link itself: a reload of this tab goes straight back in. */
const KEY = 'multaqa:rejoin';

const RejoinSchema = z.object({
  /** The link this tab joined with: another link in the tab starts at its join page. */
  token: z.string().min(10).max(4096),
  /** What the person joined with: camera and microphone, the microphone alone, or neither (listening). */
  devices: z.enum(['camera', 'microphone', 'none']),
  /** Which of their own sources they had on (a muted microphone stays muted). */
  on: z.partialRecord(MediaSourceSchema, z.boolean()),
});
export type Rejoin = z.infer<typeof RejoinSchema>;

/** How this tab joined with `token`, if it did and has not left since. */
export function rejoinOf(token: string, storage: Storage = window.sessionStorage): Rejoin | undefined {
  try {
    const parsed = RejoinSchema.safeParse(JSON.parse(storage.getItem(KEY) ?? 'null'));
    return parsed.success && parsed.data.token === token ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function rememberJoin(rejoin: Rejoin, storage: Storage = window.sessionStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(rejoin));
  } catch {
    // Storage refused: a reload shows the join page, as before.
  }
}

/** The person joins with `stream` (none: to listen), their sources `local` on or off as they are. */
export function rememberJoinOf(token: string, stream: MediaStream | undefined, local: Partial<Record<MediaSource, { on: boolean }>>): void {
  const devices = stream?.getVideoTracks()[0] ? 'camera' : stream?.getAudioTracks()[0] ? 'microphone' : 'none';
  rememberJoin({ token, devices, on: Object.fromEntries(Object.entries(local).map(([source, own]) => [source, own.on])) });
}

/** One of the person's own sources turned on or off: a reload keeps it so. */
export function rememberOn(token: string, source: MediaSource, on: boolean, storage: Storage = window.sessionStorage): void {
  const rejoin = rejoinOf(token, storage);
  if (rejoin) rememberJoin({ ...rejoin, on: { ...rejoin.on, [source]: on } }, storage);
}

/** The person left on purpose: a reload shows the join page. */
export function forgetJoin(storage: Storage = window.sessionStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // Nothing kept anyway.
  }
}
