import { describe, expect, it } from 'vitest';
import { PacketArrivals } from './packetArrivals.ts';

const arrivals = (sequenceNumbers: number[]) => {
  const counter = new PacketArrivals();
  for (const sequenceNumber of sequenceNumbers) counter.arrive(sequenceNumber);
  return counter.totals();
};

describe('packet arrivals counted from sequence numbers', () => {
  it('nothing yet: nothing expected', () => {
    expect(new PacketArrivals().totals()).toEqual({ expected: 0, received: 0, lost: 0 });
  });

  it('every packet in order: none lost', () => {
    expect(arrivals([100, 101, 102, 103])).toEqual({ expected: 4, received: 4, lost: 0 });
  });

  it('a gap is loss the moment a later packet arrives', () => {
    expect(arrivals([10, 11, 14, 15])).toEqual({ expected: 6, received: 4, lost: 2 });
  });

  it('a late packet fills its gap; a duplicate counts once', () => {
    expect(arrivals([10, 12, 11, 12, 13])).toEqual({ expected: 4, received: 4, lost: 0 });
  });

  it('counts on across the 16-bit wrap', () => {
    expect(arrivals([65_533, 65_534, 65_535, 0, 2])).toEqual({ expected: 6, received: 5, lost: 1 });
  });

  it('a late packet from before the wrap is not taken for a new stream', () => {
    expect(arrivals([65_534, 0, 65_535, 1])).toEqual({ expected: 4, received: 4, lost: 0 });
  });

  it('a sender that starts again far away is a new stream: the totals go on, without a flood of loss', () => {
    expect(arrivals([500, 501, 503, 30_000, 30_001])).toEqual({ expected: 6, received: 5, lost: 1 });
  });

  it('a packet from before the first one does not count as received', () => {
    expect(arrivals([100, 99, 101])).toEqual({ expected: 2, received: 2, lost: 0 });
  });

  it('a pause (a mute) is not loss: the packets after it start a new stretch', () => {
    const counter = new PacketArrivals();
    for (const sequenceNumber of [10, 11, 13]) counter.arrive(sequenceNumber);
    counter.startOver();
    for (const sequenceNumber of [400, 401, 402]) counter.arrive(sequenceNumber);
    expect(counter.totals()).toEqual({ expected: 7, received: 6, lost: 1 });
  });
});
