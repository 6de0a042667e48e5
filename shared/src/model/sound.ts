import { z } from 'zod';

/**
 * How a floor microphone arrives at the server, as interpreters need to know it (ISO 20108): is
 * it interpretable? `poor` comes with the reasons, in words a booth can repeat ("packet loss 8%").
 */
export const InputStatusSchema = z.enum(['good', 'poor', 'silent']);
export type InputStatus = z.infer<typeof InputStatusSchema>;

/** What is wrong with a floor microphone's sound, for advice that fits (a cable, the input level). */
export const InputProblemSchema = z.enum(['loss', 'jitter', 'clipping', 'quiet', 'silence']);
export type InputProblem = z.infer<typeof InputProblemSchema>;

/** Heard at or under this (dBov), a voice is too quiet to interpret: a microphone far away, a wrong input. */
export const TOO_QUIET_DBOV = -50;
/** Heard at or under this (dBov), nobody is speaking: the microphone sends only its noise floor, or silence. */
export const NOT_HEARD_DBOV = -70;
/** Heard at or over this (dBov), a voice is at full scale: clipping is likely (the sender's report says for sure). */
export const FULL_SCALE_DBOV = -1;

export const InputQualitySchema = z.object({
  status: InputStatusSchema,
  /** Why the sound is poor (or silent): short phrases, e.g. "packet loss 8%". Empty when good. */
  problems: z.array(z.string().max(120)).max(8),
  /** The same reasons as kinds, in the same order. */
  causes: z.array(InputProblemSchema).max(5),
  /** Packets lost on the way to the server over the last seconds, in percent. */
  lossPercent: z.number().min(0).max(100),
  /** Interarrival jitter at the server, in milliseconds. */
  jitterMs: z.number().min(0),
  /** Loudness as the server sees it (RTP audio level, dBov, −127 … 0); null when not heard lately. */
  levelDbov: z.number().min(-127).max(0).nullable(),
  /** The sender's own microphone reaches full scale (distortion), as its browser reports. */
  clipping: z.boolean(),
});
export type InputQuality = z.infer<typeof InputQualitySchema>;

/** What a speaker's browser measures of its own microphone before encoding, every few seconds. */
export const SenderInputReportSchema = z.object({
  /** The loudest sample since the last report, in dBFS (0 is full scale). */
  peakDbfs: z.number().min(-200).max(0),
  /** The share of samples at or next to full scale, in percent. */
  clippedPercent: z.number().min(0).max(100),
});
export type SenderInputReport = z.infer<typeof SenderInputReportSchema>;

/** A level in whole decibels as people read it: "−24 dB", with a true minus sign. */
export function formatDecibels(value: number): string {
  const rounded = Math.round(value);
  return rounded < 0 ? `\u2212${-rounded} dB` : `${rounded} dB`;
}
