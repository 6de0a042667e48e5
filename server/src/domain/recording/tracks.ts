import type { TrackInfo } from './recordingLog.ts';

/** The codec of one RTP stream, as a consumer's RTP parameters give it. */
export type StreamCodec = {
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels?: number;
  parameters?: Record<string, unknown>;
};

export type Codec = TrackInfo['codec'];

/** The recording codec of a stream's MIME type; undefined for one that is not recorded. */
export function codecOf(mimeType: string): Codec | undefined {
  const name = mimeType.toLowerCase();
  if (name === 'audio/opus') return 'opus';
  if (name === 'video/vp8') return 'vp8';
  if (name === 'video/h264') return 'h264';
  return undefined;
}

/** Opus and VP8 go into their usual containers as they are; H264 into Matroska (WebM takes no H264). */
export function containerOf(codec: Codec): { extension: 'ogg' | 'webm' | 'mkv'; format: 'ogg' | 'webm' | 'matroska' } {
  if (codec === 'opus') return { extension: 'ogg', format: 'ogg' };
  if (codec === 'vp8') return { extension: 'webm', format: 'webm' };
  return { extension: 'mkv', format: 'matroska' };
}

/** What ffmpeg is told to receive: one RTP stream on 127.0.0.1:`port` (RTCP on port + 1). */
export function sdpFor(kind: 'audio' | 'video', codec: StreamCodec, port: number): string {
  const [, name = ''] = codec.mimeType.split('/');
  const rtpmap = `${name}/${codec.clockRate}${codec.channels && codec.channels > 1 ? `/${codec.channels}` : ''}`;
  const fmtp = Object.entries(codec.parameters ?? {})
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(';');
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=Multaqa recording',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${rtpmap}`,
    ...(fmtp ? [`a=fmtp:${codec.payloadType} ${fmtp}`] : []),
    'a=recvonly',
    '',
  ].join('\r\n');
}

/** File names of a recording's tracks: readable, safe in a URL, never the same twice in one recording. */
export class TrackNames {
  readonly #used = new Set<string>();

  channel(language: string): string {
    return this.#unique(`channel-${language}`, 'ogg');
  }

  stage(participantId: string, source: 'microphone' | 'camera', codec: Codec): string {
    return this.#unique(`${source}-${participantId}`, containerOf(codec).extension);
  }

  #unique(base: string, extension: string): string {
    for (let n = 1; ; n++) {
      const name = `${n === 1 ? base : `${base}-${n}`}.${extension}`;
      if (!this.#used.has(name)) {
        this.#used.add(name);
        return name;
      }
    }
  }
}

/** A file of a recording as it may be asked for over HTTP: tracks, the log and the manifest. */
export const RECORDING_FILE_PATTERN = /^[A-Za-z0-9_-]{1,120}\.(ogg|webm|mkv|json)$/;
