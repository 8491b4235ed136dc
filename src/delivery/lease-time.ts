/**
 * Whether a lease that ends at `until` still holds at `now`, for a lease of `leaseMs`.
 *
 * A lease is written as "now + leaseMs" by the tab or process that takes it, on its own clock.
 * One that ends further ahead than `now + leaseMs` cannot have been taken at any real moment
 * before now: its writer's clock ran ahead (a machine whose time was corrected, a process
 * killed before it could let go). Honouring it would stop delivery for as long as that clock
 * was ahead (hours, with nothing sent and nothing reported), so it counts as expired. The cost,
 * if its writer is in fact alive with that clock, is that both send for a while: duplicates
 * with the same messageId, which the backend drops, instead of a loss.
 *
 * @example
 * ```ts
 * leaseHolds(record.leaseUntil, clock.now(), leaseMs); // false for undefined, past or impossible ends
 * ```
 */
export function leaseHolds(until: number | undefined, now: number, leaseMs: number): boolean {
  return until !== undefined && until > now && until <= now + leaseMs;
}
