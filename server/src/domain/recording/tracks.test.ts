import { describe, expect, it } from 'vitest';
import { codecOf, containerOf, RECORDING_FILE_PATTERN, sdpFor, TrackNames, UnsafeSdpError } from './tracks.ts';

describe('recording tracks', () => {
  it('describes an Opus stream for ffmpeg', () => {
    const sdp = sdpFor('audio', { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1, minptime: 10 } }, 50_000);
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=Multaqa recording',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 50000 RTP/AVP 100',
      'a=rtpmap:100 opus/48000/2',
      'a=fmtp:100 useinbandfec=1;minptime=10',
      'a=recvonly',
      '',
    ]);
  });

  it('describes VP8 without parameters, and H264 with its own', () => {
    expect(sdpFor('video', { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }, 50_002)).toContain('m=video 50002 RTP/AVP 101\r\na=rtpmap:101 VP8/90000\r\na=recvonly');
    expect(sdpFor('video', { mimeType: 'video/H264', payloadType: 102, clockRate: 90000, parameters: { 'packetization-mode': 1 } }, 50_004)).toContain(
      'a=fmtp:102 packetization-mode=1',
    );
  });

  it('refuses to write anything that is not one clean line per field (SDP injection by a speaker)', () => {
    const opus = { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 };
    const hostile = [
      { ...opus, parameters: { useinbandfec: '1\r\nm=audio 80 RTP/AVP 0' } },
      { ...opus, parameters: { 'useinbandfec\r\na=sendrecv': 1 } },
      { ...opus, parameters: { useinbandfec: '1;stereo=1 x' } },
      { ...opus, parameters: { 'x-unknown': 1 } },
      { ...opus, parameters: { minptime: 1.5 } },
      { ...opus, mimeType: 'audio/opus\nm=video 9 RTP/AVP 96' },
      { ...opus, mimeType: 'video/opus' },
      { ...opus, payloadType: 128 },
      { ...opus, clockRate: 48000.5 },
      { ...opus, channels: Number.NaN },
    ];
    for (const codec of hostile) expect(() => sdpFor('audio', codec, 50_000), JSON.stringify(codec)).toThrow(UnsafeSdpError);
    expect(() => sdpFor('audio', opus, 70_000)).toThrow(UnsafeSdpError);
  });

  it('keeps each codec in its container, copied as it is', () => {
    expect(['audio/opus', 'video/VP8', 'video/H264', 'video/rtx'].map(codecOf)).toEqual(['opus', 'vp8', 'h264', undefined]);
    expect(containerOf('opus').extension).toBe('ogg');
    expect(containerOf('vp8').extension).toBe('webm');
    expect(containerOf('h264').format).toBe('matroska');
  });

  it('names files once each, in a form downloads accept', () => {
    const names = new TrackNames();
    const all = [names.channel('fr'), names.stage('microphone-sara-1', 'opus'), names.stage('microphone-sara-1', 'opus'), names.stage('camera-sara-1', 'vp8')];
    expect(all).toEqual(['channel-fr.ogg', 'microphone-sara-1.ogg', 'microphone-sara-1-2.ogg', 'camera-sara-1.webm']);
    expect(all.every((name) => RECORDING_FILE_PATTERN.test(name))).toBe(true);
    for (const bad of ['../x.ogg', 'a/b.ogg', 'x.sdp', '.ogg', 'x.ogg?']) expect(RECORDING_FILE_PATTERN.test(bad)).toBe(false);
  });
});
