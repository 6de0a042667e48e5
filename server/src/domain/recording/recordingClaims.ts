/** A recording's claim on its session, as far as the rules need it. */
export type ClaimRef = { id: string; processId: string };

/**
 * Whether a claim found on the session keeps `claimant` from recording it. A claim of a process
 * that is gone does not. Nor does a claim of the claimant's own process that is not the
 * claimant's: a process records a session once at a time and claims it only while it records
 * nothing there, so such a claim is a leftover of a start or stop whose release Redis did not
 * take (its lease would free the session later; its own process need not wait for that).
 */
export function claimStands(holder: ClaimRef, claimant: ClaimRef, holderAlive: boolean): boolean {
  if (!holderAlive) return false;
  return holder.processId !== claimant.processId || holder.id === claimant.id;
}

/**
 * How often a recording renews its claim: three times a lease, so one renewal lost to a busy
 * moment or a short Redis hiccup does not let the claim lapse.
 */
export function renewalIntervalMs(leaseMs: number): number {
  return Math.max(100, Math.floor(leaseMs / 3));
}
