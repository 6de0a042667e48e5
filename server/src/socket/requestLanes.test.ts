import { describe, expect, it } from 'vitest';
import { REQUEST_NAMES } from '@multaqa/shared';
import { laneOf, RequestLanes } from './requestLanes.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** A task that runs when its turn comes and finishes when released. */
function task(log: string[], name: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return { run: async () => void (log.push(`start ${name}`), await released, log.push(`end ${name}`)), release };
}

describe('request lanes', () => {
  it('keeps each kind in order, and lets kinds run past each other', async () => {
    const log: string[] = [];
    const lanes = new RequestLanes();
    const consume = task(log, 'consume');
    const secondConsume = task(log, 'consume 2');
    const giveFloor = task(log, 'give floor');
    lanes.enqueue(laneOf('media:consume'), consume.run);
    lanes.enqueue(laneOf('media:consume'), secondConsume.run);
    lanes.enqueue(laneOf('floor:give'), giveFloor.run);
    await tick();
    // The floor is given while the media request is still out; the second consume waits for the first.
    expect(log).toEqual(['start consume', 'start give floor']);
    giveFloor.release();
    await tick();
    expect(log).toEqual(['start consume', 'start give floor', 'end give floor']);
    consume.release();
    await tick();
    expect(log.slice(3)).toEqual(['end consume', 'start consume 2']);
    secondConsume.release();
  });

  it('a join or a leave waits for everything before it, and everything after waits for it', async () => {
    const log: string[] = [];
    const lanes = new RequestLanes();
    const hand = task(log, 'hand');
    const leave = task(log, 'leave');
    const cough = task(log, 'cough');
    lanes.enqueue(laneOf('queue:raiseHand'), hand.run);
    lanes.enqueue(laneOf('session:leave'), leave.run);
    lanes.enqueue(laneOf('booth:setMuted'), cough.run);
    await tick();
    expect(log).toEqual(['start hand']);
    hand.release();
    await tick();
    expect(log).toEqual(['start hand', 'end hand', 'start leave']);
    leave.release();
    await tick();
    expect(log.slice(3)).toEqual(['end leave', 'start cough']);
    cough.release();
  });

  it('gives every request a lane; the cough one of its own', () => {
    expect(laneOf('booth:setMuted')).toBe('cough');
    expect(laneOf('booth:goOnAir')).toBe('booth');
    expect(laneOf('floor:give')).toBe(laneOf('queue:raiseHand'));
    expect(laneOf('media:produce')).toBe(laneOf('media:consume'));
    for (const event of REQUEST_NAMES) expect(['session', 'media', 'cough', 'listening', 'booth', 'queue', 'moderation', 'recording'], event).toContain(laneOf(event));
    expect(REQUEST_NAMES.filter((event) => laneOf(event) === 'session').sort()).toEqual(['session:join', 'session:leave']);
  });
});
