import { CodecParametersSchema } from '@multaqa/shared';
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

/** A codec's name as rtpmap spells it (`opus`, `VP8`, `H264`). */
const CODEC_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
/** A line of SDP as ffmpeg must get it: printable ASCII, nothing that could start another line. */
const CLEAN_LINE = /^[a-z]=[\x20-\x7e]*$/;

/** The recorder refuses to describe a stream it cannot describe in clean lines. */
export class UnsafeSdpError extends Error {
  override name = 'UnsafeSdpError';
}

/**
 * What ffmpeg is told to receive: one RTP stream on 127.0.0.1:`port` (RTCP on port + 1). The
 * codec comes from a speaker's browser (through mediasoup), so every part of it is checked
 * again here: a parameter that is not one the codecs use, or any line that is not one clean
 * line, is refused (UnsafeSdpError) rather than written.
 */
export function sdpFor(kind: 'audio' | 'video', codec: StreamCodec, port: number): string {
  const [type, name = ''] = codec.mimeType.split('/');
  if (type !== kind || !CODEC_NAME.test(name)) throw new UnsafeSdpError(`not a ${kind} codec name: ${JSON.stringify(codec.mimeType.slice(0, 64))}`);
  for (const [what, value, max] of [['payload type', codec.payloadType, 127], ['clock rate', codec.clockRate, 1_000_000], ['channels', codec.channels ?? 1, 8], ['port', port, 65_535]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > max) throw new UnsafeSdpError(`not a valid ${what}: ${String(value).slice(0, 32)}`);
  }
  const parameters = CodecParametersSchema.safeParse(codec.parameters ?? {});
  if (!parameters.success) throw new UnsafeSdpError(`codec parameters refused: ${parameters.error.issues[0]?.message ?? 'invalid'}`);
  const rtpmap = `${name}/${codec.clockRate}${codec.channels && codec.channels > 1 ? `/${codec.channels}` : ''}`;
  const fmtp = Object.entries(parameters.data)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(';');
  const lines = [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=Multaqa recording',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${rtpmap}`,
    ...(fmtp ? [`a=fmtp:${codec.payloadType} ${fmtp}`] : []),
    'a=recvonly',
  ];
  const unclean = lines.find((line) => !CLEAN_LINE.test(line));
  if (unclean !== undefined) throw new UnsafeSdpError(`refused to write an SDP line that is not one clean line: ${JSON.stringify(unclean.slice(0, 80))}`);
  return [...lines, ''].join('\r\n');
}

/** File names of a recording's tracks: readable, safe in a URL, never the same twice in one recording. */
export class TrackNames {
  readonly #used = new Set<string>();

  channel(language: string): string {
    return this.#unique(`channel-${language}`, 'ogg');
  }

  /** A stage track's file: `base` is `<source>-<participant id>[-part<n>]` (see StageParts). */
  stage(base: string, codec: Codec): string {
    return this.#unique(base, containerOf(codec).extension);
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
