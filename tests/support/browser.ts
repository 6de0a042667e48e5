import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { makeTone } from './tones.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type BrowserOptions = {
  /** WAV file the fake microphone plays in a loop (one per browser process). */
  fakeAudioFile?: string;
  /** Grant camera/microphone without asking (default), or refuse like a person clicking "Block". */
  mediaPermission?: 'grant' | 'deny';
  /** Extra Chromium switches. */
  extraArgs?: string[];
};

/**
 * Debian's Chromium, headless, with fake camera and microphone. Fails loudly when it is missing:
 * a browser test never skips.
 */
export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; install it with: apt-get install chromium`);
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-device-for-media-stream',
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if ((options.mediaPermission ?? 'grant') === 'grant') args.push('--use-fake-ui-for-media-stream');
  else args.push('--deny-permission-prompts');
  if (options.fakeAudioFile) args.push(`--use-file-for-fake-audio-capture=${options.fakeAudioFile}`);
  args.push(...(options.extraArgs ?? []));
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/**
 * One muted browser per sender, each whose fake microphone plays its own tone (one fake
 * microphone per Chromium process), and a `listener` browser of its own: in a shared one, what
 * it plays would reach a sender's echo canceller as the far end and be cancelled out.
 */
export async function launchToneBrowsers<Name extends string>(tones: Record<Name, number>): Promise<Record<Name | 'listener', Browser>> {
  const senders = await Promise.all(
    Object.entries<number>(tones).map(
      async ([name, hz]) => [name, await launchBrowser({ fakeAudioFile: makeTone(hz), extraArgs: ['--mute-audio'] })] as const,
    ),
  );
  return { ...(Object.fromEntries(senders) as Record<Name, Browser>), listener: await launchBrowser() };
}
