/** Where a received track goes: the floor, or one interpreter's voice on a language channel. */
export type Route = { bus: 'floor' } | { bus: 'channel'; language: string; participantId: string };

export type Levels = { floor: number; channel: number };

/** The voice to hear on the channel bus: the on-air interpreter of the chosen language. */
export type ChannelVoice = { language: string; participantId: string } | null;

/**
 * The playback volume (0–1) of one received track. Levels are applied per track on its
 * <audio> element: Chrome mixes all remote WebRTC audio of a page before Web Audio could see
 * one track alone, while an element's volume is applied to that track's stream before mixing.
 * A channel voice that is not the one to hear is silent, so a voice that just stopped
 * (handover, language switch) leaves no tail of packet-loss concealment behind.
 */
export function trackVolume(route: Route, levels: Levels, voice: ChannelVoice, master: number): number {
  if (route.bus === 'floor') return clamp(levels.floor * master);
  const isVoice = voice !== null && route.language === voice.language && route.participantId === voice.participantId;
  return isVoice ? clamp(levels.channel * master) : 0;
}

function clamp(volume: number): number {
  return Math.min(1, Math.max(0, volume));
}

/**
 * A meter on what this page plays: every received audio track is tapped, at the volume its
 * element plays it, into one analyser (nothing is played through Web Audio). Used for level
 * meters and by end-to-end tests.
 */
export class OutputMeter {
  readonly #context = new AudioContext();
  readonly #analyser: AnalyserNode;
  readonly #taps = new Map<string, { source: MediaStreamAudioSourceNode; gain: GainNode }>();

  constructor() {
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 8192;
    this.#analyser.smoothingTimeConstant = 0.5;
  }

  resume(): Promise<void> {
    return this.#context.resume();
  }

  add(id: string, track: MediaStreamTrack, volume: number): void {
    this.remove(id);
    const source = this.#context.createMediaStreamSource(new MediaStream([track]));
    const gain = this.#context.createGain();
    gain.gain.value = volume;
    source.connect(gain).connect(this.#analyser);
    this.#taps.set(id, { source, gain });
  }

  setVolume(id: string, volume: number): void {
    const tap = this.#taps.get(id);
    if (tap && tap.gain.gain.value !== volume) tap.gain.gain.value = volume;
  }

  remove(id: string): void {
    const tap = this.#taps.get(id);
    tap?.source.disconnect();
    tap?.gain.disconnect();
    this.#taps.delete(id);
  }

  /** Level near `hz`, in dB (the loudest bin within ±10 Hz). */
  levelAt(hz: number): number {
    const bins = new Float32Array(this.#analyser.frequencyBinCount);
    this.#analyser.getFloatFrequencyData(bins);
    const binHz = this.#context.sampleRate / this.#analyser.fftSize;
    let loudest = -Infinity;
    for (let bin = Math.floor((hz - 10) / binHz); bin <= Math.ceil((hz + 10) / binHz); bin++) {
      loudest = Math.max(loudest, bins[bin] ?? -Infinity);
    }
    return loudest;
  }

  close(): void {
    for (const id of [...this.#taps.keys()]) this.remove(id);
    void this.#context.close();
  }
}
