/**
 * Lifecycle stage classification: a pure function of a few timestamps and the time now.
 *
 * @packageDocumentation
 */
import { DAY_MS } from '../core/clock';
import type { Stage } from '../core/types';
import type { StageThresholds } from './options';

/**
 * What the stage depends on (epoch ms; `null` when it never happened).
 *
 * @example
 * ```ts
 * classifyStage({ firstSeen: t0, lastActive: t0, firstConversion: null, returnedAt: null }, t0, thresholds) // 'potential'
 * ```
 */
export interface StageFacts {
  /** The first event of any kind. */
  firstSeen: number | null;
  /** The last activity event. */
  lastActive: number | null;
  /** The first conversion. */
  firstConversion: number | null;
  /** The activity event that ended a gap of at least `silentDays` (a return). */
  returnedAt: number | null;
}

/**
 * The stage at `now`. Checked in the order of DESIGN.md, first match wins:
 * churned (≥ churnedDays without activity), silent (≥ silentDays), potential (never converted),
 * new (first conversion less than newDays ago), resurrected (returned less than resurrectedDays
 * ago), active. With `newBasis: 'firstSeen'`, `new` means first seen less than newDays ago and
 * is checked before potential, so a brand-new visitor reads `new` (a never-converted user would
 * otherwise always read potential). A profile with no activity yet reads `potential`.
 * Boundaries are exact: at 13.99 days without activity the user is still active, at 14.00 silent.
 *
 * @example
 * ```ts
 * classifyStage({ firstSeen: 0, lastActive: 0, firstConversion: null, returnedAt: null }, 20 * DAY_MS,
 *   { silentDays: 14, churnedDays: 60, newDays: 14, resurrectedDays: 14 }, 'conversion') // 'silent'
 * ```
 */
export function classifyStage(facts: StageFacts, now: number, thresholds: Required<StageThresholds>, newBasis: 'conversion' | 'firstSeen' = 'conversion'): Stage {
  const { lastActive, firstConversion, returnedAt, firstSeen } = facts;
  if (lastActive !== null) {
    const idle = now - lastActive;
    if (idle >= thresholds.churnedDays * DAY_MS) return 'churned';
    if (idle >= thresholds.silentDays * DAY_MS) return 'silent';
  }
  const newWindow = thresholds.newDays * DAY_MS;
  if (newBasis === 'firstSeen') {
    if (firstSeen !== null && now - firstSeen < newWindow) return 'new';
    if (firstConversion === null) return 'potential';
  } else {
    if (firstConversion === null) return 'potential';
    if (now - firstConversion < newWindow) return 'new';
  }
  if (returnedAt !== null && now - returnedAt < thresholds.resurrectedDays * DAY_MS) return 'resurrected';
  // A converted user whose only "activity" is outside the activity list still reads active.
  return 'active';
}
