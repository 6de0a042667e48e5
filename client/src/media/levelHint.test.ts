import { describe, expect, it } from 'vitest';
import { LevelHintTracker } from './levelHint.ts';

/** A 1 kHz sine frame at `amplitude` (1 is full scale), 1024 samples at 48 kHz. */
const sine = (amplitude: number) => Float32Array.from({ length: 1024 }, (_, i) => amplitude * Math.sin((2 * Math.PI * 1000 * i) / 48_000));

/** The first half second after the microphone opens is not judged: feeds start after it. */
function feed(tracker: LevelHintTracker, frame: Float32Array, fromMs: number, ms: number) {
  if (fromMs === 0) tracker.add(sine(0), -600);
  let hint;
  for (let at = fromMs; at < fromMs + ms; at += 20) hint = tracker.add(frame, at);
  return hint;
}

describe('the device check says what to do about the level', () => {
  it('asks for a few words while nothing is heard', () => {
    expect(feed(new LevelHintTracker(), sine(0.0005), 0, 1000)).toBe('speak');
  });

  it('says very quiet for a voice around −50 dBFS, good for one around −20 dBFS', () => {
    expect(feed(new LevelHintTracker(), sine(0.004), 0, 1000)).toBe('quiet');
    expect(feed(new LevelHintTracker(), sine(0.14), 0, 1000)).toBe('good');
  });

  it('says too loud when the voice reaches full scale, and good again once the last seconds are clean', () => {
    const tracker = new LevelHintTracker();
    expect(feed(tracker, sine(1.2).map((s) => Math.max(-1, Math.min(1, s))), 0, 500)).toBe('loud');
    expect(feed(tracker, sine(0.14), 500, 1000)).toBe('loud'); // still within the window
    expect(feed(tracker, sine(0.14), 1500, 3000)).toBe('good');
  });

  it('a pause in speech keeps the verdict on the words before it', () => {
    const tracker = new LevelHintTracker();
    feed(tracker, sine(0.14), 0, 1000);
    expect(feed(tracker, sine(0), 1000, 1500)).toBe('good');
  });

  it('a burst in the first half second after the microphone opens is not judged', () => {
    const tracker = new LevelHintTracker();
    for (let at = 0; at < 400; at += 20) expect(tracker.add(sine(1), at)).toBe('speak');
    expect(feed(tracker, sine(0.004), 400, 1000)).toBe('quiet');
  });
});
