/**
 * How far the server's clock is ahead of this device's (ms), from one request: the server read
 * its clock about halfway through the round trip. People's clocks are often minutes off; the
 * speaker's countdown must read the same everywhere.
 */
export function clockOffset(serverTime: number, sentAt: number, receivedAt: number): number {
  return Math.round(serverTime - (sentAt + receivedAt) / 2);
}
