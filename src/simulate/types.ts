/**
 * The simulator's options and its report. Only types: the shapes the CLI prints as JSON and
 * the collector's "what if" page renders.
 */
import type { LifecycleFeatureOptions } from '../profile/feature';
import type { SavedGroups } from '../rules/condition';
import type { RegexEngine } from '../rules/regex-engine';
import type { AnalyticsEvent } from '../core/types';
import type { TraceOutcome } from '../rules/engine-types';

/**
 * Options of {@link createSimulator}: the rules and the device settings they run under, as on
 * the device (`lifecycle(...)`, `targeting(...)`, `createNudgeKit({ sessionTimeoutMs, timeZone })`).
 *
 * @example
 * ```ts
 * const options: SimulateOptions = { rules, lifecycle: { conversionEvents: ['purchase'], revenueProperty: 'revenue' }, fatigue: { maxPerDay: 2 } };
 * ```
 */
export interface SimulateOptions {
  /** The rules to try: JSON (as `loadRules` takes) or `rule()` builders. A bad rule makes {@link createSimulator} throw a `ConfigError` with its path. */
  rules: readonly unknown[];
  /** The `lifecycle()` options of the app (stages, tiers, conversions, revenue). */
  lifecycle?: LifecycleFeatureOptions;
  /** `targeting({ fatigue })`: at most `maxPerDay` nudges a day across rules, at least `minGapMs` apart. */
  fatigue?: { maxPerDay?: number; minGapMs?: number };
  /** `targeting({ savedGroups })`. */
  savedGroups?: SavedGroups;
  /** `targeting({ regex })`: `safeRegex` from `nudgekit/rules`, if rules use `$regex`. */
  regex?: RegexEngine;
  /** `createNudgeKit({ timeZone })`: the zone for days, weeks, schedules and quiet hours. Default: the process's. */
  timeZone?: string;
  /** `createNudgeKit({ sessionTimeoutMs })`. Default 30 minutes. */
  sessionTimeoutMs?: number;
  /**
   * How long a user keeps a nudge on screen before closing it. 0 (the default): seen and closed
   * at the decision, so the next decision finds the screen free. `Infinity`: never closed (as a
   * headless app that only calls `n.shown()`), so later nudges queue, go stale or are dropped.
   */
  dwellMs?: number;
  /** Events before this time (epoch ms) build the profile but run no rule: a warm-up. */
  from?: number;
  /**
   * Events after this time (epoch ms) are skipped, and after a user's last event the virtual
   * clock runs on to it, so inactivity and delayed rules fire up to the end of the window.
   * Without it a user's replay ends with their last event.
   */
  to?: number;
  /** "Nudged more than N times in a week", per rule (default 1). */
  weeklyOver?: number;
  /**
   * How the input is ordered. `'user'` (the default, what the collector's `/v1/export` gives):
   * all events of a user together, so a user is replayed and forgotten when the next begins.
   * `'time'`: events of all users interleaved in time order; up to `maxLiveUsers` users are
   * kept, the least recently seen replayed to the end when more arrive (if such a user comes
   * back, the rest of their events replay on a fresh device).
   */
  order?: 'user' | 'time';
  /** With `order: 'time'`, the most users kept in memory at once (default 50,000). */
  maxLiveUsers?: number;
  /** Sees every event the simulated devices produced (`session_start`, `stage_change`, `nudge_*`), with the user's key. */
  observe?: (user: string, event: AnalyticsEvent) => void;
}

/** Why a rule whose trigger fired and whose audience matched was not shown. */
export type Suppression = Exclude<TraceOutcome, 'audience' | 'eligible'> | 'heldOut' | 'queue_full' | 'stale' | 'replaced' | 'unclaimed' | 'notChosen';

/** Counts of users and of occurrences. */
export interface Count {
  users: number;
  times: number;
}

/** One rule's funnel, for all users or for one stage or tier. */
export interface Funnel {
  /** Its trigger fired (a user: at least once). */
  triggered: Count;
  /** Its trigger fired and its audience (`when`) matched. */
  audience: Count;
  /** Shown (`nudge_shown`). */
  shown: Count;
  /** Trigger fired and audience matched, but not shown, by reason (times). */
  suppressed: Partial<Record<Suppression, number>>;
}

/** What one rule did over the replay. */
export interface RuleReport extends Funnel {
  id: string;
  /** The same funnel by lifecycle stage at the moment of the check (`shown`: at the showing). */
  byStage: Record<string, Funnel>;
  /** By value tier, likewise. */
  byTier: Record<string, Funnel>;
  /** Held out (`nudge_held_out`): users and times. Also counted in `suppressed.heldOut`. */
  heldOut: Count;
  /** Per week (Monday, UTC, `YYYY-MM-DD`): users shown it, and users shown it more than `weeklyOver` times. */
  weeks: Record<string, { users: number; over: number }>;
  /** Per arm (`variant` of the `nudge_*` events, `holdout` included): users exposed and users shown. */
  arms: Record<string, { exposed: number; shown: number }>;
}

/**
 * The simulator's answer.
 *
 * @example
 * ```ts
 * const report: SimulationReport = await simulate(events, { rules });
 * report.rules[0]!.shown.users;
 * ```
 */
export interface SimulationReport {
  users: number;
  /** Events replayed (recorded events, not those the simulated devices produced). */
  events: number;
  /** Recorded events not replayed: NudgeKit's own (regenerated), unsupported types, outside `to`. */
  skipped: number;
  /** Time span of the replayed events (epoch ms), or null when there were none. */
  first: number | null;
  last: number | null;
  weeklyOver: number;
  rules: RuleReport[];
  /** `overlap[a][b]`: users shown both rule a and rule b (`overlap[a][a]`: users shown a). */
  overlap: Record<string, Record<string, number>>;
  /** Failures inside the simulated devices (a rule that threw, an unknown time zone): how many, and the first few. */
  problems: { count: number; first: string[] };
}
