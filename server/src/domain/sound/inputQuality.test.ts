import { describe, expect, it } from 'vitest';
import { InputQualityTracker, type InputReading } from './inputQuality.ts';

/** One reading a second: 50 packets a second (20 ms Opus frames), `lossPercent` of them lost. */
function feed(tracker: InputQualityTracker, seconds: number, options: { lossPercent?: number; jitterMs?: number; levelDbov?: number | null } = {}, state = { at: 0, received: 0, lost: 0 }) {
  const { lossPercent = 0, jitterMs = 5, levelDbov = -26 } = options;
  let last;
  for (let i = 0; i < seconds; i++) {
    state.at += 1000;
    state.lost += Math.round((50 * lossPercent) / 100);
    state.received += 50 - Math.round((50 * lossPercent) / 100);
    const reading: InputReading = { at: state.at, packetsReceived: state.received, packetsLost: state.lost, jitterMs, levelDbov };
    last = tracker.add(reading);
  }
  return last!;
}

describe('a floor microphone as interpreters need it', () => {
  it('is good when clean and loud enough', () => {
    const quality = feed(new InputQualityTracker(), 10);
    expect(quality).toEqual({ status: 'good', problems: [], causes: [], lossPercent: 0, jitterMs: 5, levelDbov: -26, clipping: false });
  });

  it('is poor within two readings of 8% loss, says so in words, and is good again three seconds after it stops', () => {
    const tracker = new InputQualityTracker();
    const state = { at: 0, received: 0, lost: 0 };
    feed(tracker, 5, {}, state);
    expect(feed(tracker, 1, { lossPercent: 8 }, state).status).toBe('good'); // one second of loss is 4% of the 2 s window
    const poor = feed(tracker, 1, { lossPercent: 8 }, state);
    expect(poor).toMatchObject({ status: 'poor', problems: ['packet loss 8%'], causes: ['loss'] });
    feed(tracker, 5, { lossPercent: 8 }, state);
    // Recovered: not at once (no flicker), but once the longer window is clean.
    expect(feed(tracker, 1, {}, state).status).toBe('poor');
    expect(feed(tracker, 1, {}, state).status).toBe('poor');
    expect(feed(tracker, 1, {}, state)).toMatchObject({ status: 'good', problems: [] });
  });

  it('does not raise on a loss under the limit', () => {
    const tracker = new InputQualityTracker();
    expect(feed(tracker, 20, { lossPercent: 2 }).status).toBe('good');
  });

  it('names jitter, a voice too quiet to interpret, and clipping the sender reports', () => {
    expect(feed(new InputQualityTracker(), 3, { jitterMs: 80 }).problems).toEqual([]); // the jitter buffer takes that
    expect(feed(new InputQualityTracker(), 3, { jitterMs: 120 }).problems).toEqual(['unsteady delivery (jitter 120 ms)']);
    expect(feed(new InputQualityTracker(), 6, { levelDbov: -56 }).problems).toEqual(['very quiet (\u221256 dB)']);
    const clipped = new InputQualityTracker();
    const state = { at: 0, received: 0, lost: 0 };
    clipped.senderReport({ peakDbfs: 0, clippedPercent: 3 }, 2500);
    expect(feed(clipped, 3, {}, state)).toMatchObject({ problems: ['distorted: the microphone is too loud (clipping)'], causes: ['clipping'] });
    // An old report no longer counts.
    expect(feed(clipped, 8, {}, state).clipping).toBe(false);
  });

  it('is silent after eight seconds with nothing heard, and good as soon as the voice is back', () => {
    const tracker = new InputQualityTracker();
    const state = { at: 0, received: 0, lost: 0 };
    feed(tracker, 3, {}, state);
    expect(feed(tracker, 7, { levelDbov: null }, state).status).toBe('good');
    expect(feed(tracker, 1, { levelDbov: null }, state)).toMatchObject({ status: 'silent', problems: ['no sound for 8 s'], causes: ['silence'] });
    expect(feed(tracker, 1, {}, state).status).toBe('good');
  });
});
