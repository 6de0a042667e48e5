import { describe, expect, it } from 'vitest';
import { placeListener, type RouterLoad } from './placement.ts';

const router = (id: string, consumers: number, listeners: number): RouterLoad => ({ id, consumers, listeners });

describe('placing a listener on one of a session’s routers', () => {
  it('fills the home router first, up to its consumer budget', () => {
    expect(placeListener([router('home', 0, 0)], { budget: 10, perListener: 3, canOpen: true })).toEqual({ open: false, id: 'home' });
    expect(placeListener([router('home', 9, 3)], { budget: 10, perListener: 3, canOpen: true })).toEqual({ open: true });
  });

  it('counts listeners who have not consumed yet (a join storm must not pile onto one router)', () => {
    expect(placeListener([router('home', 0, 3)], { budget: 10, perListener: 3, canOpen: true })).toEqual({ open: true });
  });

  it('takes the least-loaded router that has room', () => {
    const routers = [router('home', 9, 3), router('edge-1', 6, 2), router('edge-2', 3, 1)];
    expect(placeListener(routers, { budget: 10, perListener: 3, canOpen: true })).toEqual({ open: false, id: 'edge-2' });
  });

  it('between equally loaded routers of the session, takes the one on the less busy worker', () => {
    const routers = [{ ...router('home', 3, 1), workerLoad: 5 }, { ...router('edge-1', 3, 1), workerLoad: 2 }];
    expect(placeListener(routers, { budget: 10, perListener: 3, canOpen: true })).toEqual({ open: false, id: 'edge-1' });
    expect(placeListener([router('home', 3, 1), router('edge-1', 3, 1)], { budget: 10, perListener: 3, canOpen: true })).toEqual({ open: false, id: 'home' });
  });

  it('when every router is full and no worker is free, still admits to the least loaded', () => {
    const routers = [router('home', 12, 4), router('edge-1', 10, 3)];
    expect(placeListener(routers, { budget: 10, perListener: 3, canOpen: false })).toEqual({ open: false, id: 'edge-1' });
  });

  it('a session with no producers yet counts each listener as one consumer', () => {
    expect(placeListener([router('home', 0, 1)], { budget: 2, perListener: 0, canOpen: true })).toEqual({ open: false, id: 'home' });
    expect(placeListener([router('home', 0, 2)], { budget: 2, perListener: 0, canOpen: true })).toEqual({ open: true });
  });
});
