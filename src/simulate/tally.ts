/**
 * Folds what the simulated devices did into the report. A user's answers are gathered while
 * that user is replayed (`user*`), then added to the totals once (`endUser`), so memory holds
 * the totals and one user at a time, whatever the number of events.
 */
import { DAY_MS } from '../core/clock';
import { SYSTEM_EVENTS } from '../core/types';
import type { CompiledCondition } from '../rules/condition';
import type { TraceOutcome } from '../rules/engine-types';
import type { Count, Funnel, RuleReport, Suppression } from './types';

/** One rule's answers for the user being replayed. */
interface UserRule {
  // The keys ("all", stage "s:active", tier "t:high") reached in each funnel step, as bits of
  // the tally's key numbers: one `|` per check instead of a set per step and user.
  triggered: Marks;
  audience: Marks;
  shown: Marks;
  heldOut: boolean;
  // Made when first needed: most of a user's rules never show or expose anything.
  weeks: Map<number, number> | undefined;
  exposed: Set<string> | undefined;
  shownArms: Set<string> | undefined;
  /** The moment (stage and tier) when the rule last passed its gates: its showing is counted there. */
  decided: Moment | undefined;
}

/** Keys reached: bits for the first 31 keys numbered, a set for any beyond (never, with the profile's stages and tiers). */
interface Marks {
  bits: number;
  more: Set<string> | undefined;
}

/**
 * A stage and tier pair: its keys ("all", "s:…", "t:…"), their bits, and each rule's counters
 * for them, found once per rule and pair rather than at each check.
 */
interface Moment {
  keys: string[];
  bits: number;
  more: string[];
  /** By rule index. */
  steps: Array<Steps | undefined>;
}

/** One rule's counters for the keys of a moment, by funnel step. */
interface Steps {
  triggered: Count[];
  audience: Count[];
  shown: Count[];
  funnels: Funnel[];
}

/** The totals of one rule. */
interface RuleTotals {
  id: string;
  /** Its place in the rules, and in a user's marks. */
  index: number;
  when: CompiledCondition | undefined;
  all: Funnel;
  byKey: Map<string, Funnel>;
  eligible: number;
  heldOut: Count;
  weeks: Map<number, { users: number; over: number }>;
  arms: Map<string, { exposed: number; shown: number }>;
}

/** One user's answers, by rule index: see {@link Tally.use}. */
export type UserMarks = Array<UserRule | undefined>;

const MARK_BITS = 31;
const newFunnel = (): Funnel => ({ triggered: { users: 0, times: 0 }, audience: { users: 0, times: 0 }, shown: { users: 0, times: 0 }, suppressed: {} });
const newMarks = (): Marks => ({ bits: 0, more: undefined });
const newUserRule = (): UserRule => ({ triggered: newMarks(), audience: newMarks(), shown: newMarks(), heldOut: false, weeks: undefined, exposed: undefined, shownArms: undefined, decided: undefined });

/** The tally of one replay. */
export interface Tally {
  /** A new user's (empty) answers. */
  newUser(): UserMarks;
  /** Whose answers the next calls add to: the simulator switches before it touches a device. */
  use(marks: UserMarks): void;
  /** The rule engine's trace, for the user being replayed. */
  trace(ruleId: string, outcome: TraceOutcome, attributes: Record<string, unknown>): void;
  /** An event the device processed, with a way to read the attributes after it (read only when needed). */
  processed(name: string, properties: unknown, at: number, attributes: () => Record<string, unknown>): void;
  /** A user is done: adds their answers to the totals. */
  endUser(marks: UserMarks): void;
  rules(): RuleReport[];
  overlap(): Record<string, Record<string, number>>;
}

/** Creates the tally for rules `ids` (in rule order), with each rule's compiled audience. */
export function createTally(rules: ReadonlyArray<{ id: string; when: CompiledCondition | undefined }>, weeklyOver: number): Tally {
  const totals: RuleTotals[] = rules.map(({ id, when }, index) => ({
    id, index, when, all: newFunnel(), byKey: new Map(), eligible: 0, heldOut: { users: 0, times: 0 }, weeks: new Map(), arms: new Map(),
  }));
  const byId = new Map(totals.map((t) => [t.id, t]));
  let current: UserMarks = [];
  const pairs = totals.map(() => new Array<number>(totals.length).fill(0));
  const keyNames: string[] = []; // by key number
  const momentOf = moments(keyNames);

  const userOf = (t: RuleTotals): UserRule => {
    let u = current[t.index];
    if (!u) current[t.index] = u = newUserRule();
    return u;
  };
  const funnelAt = (t: RuleTotals, key: string): Funnel => {
    if (key === 'all') return t.all;
    let f = t.byKey.get(key);
    if (!f) t.byKey.set(key, (f = newFunnel()));
    return f;
  };
  const stepsOf = (t: RuleTotals, moment: Moment): Steps => {
    let steps = moment.steps[t.index];
    if (!steps) {
      const funnels = moment.keys.map((key) => funnelAt(t, key));
      moment.steps[t.index] = steps = { triggered: funnels.map((f) => f.triggered), audience: funnels.map((f) => f.audience), shown: funnels.map((f) => f.shown), funnels };
    }
    return steps;
  };
  /** Counts one occurrence for all, the stage and the tier; marks the user as reaching them. */
  const count = (counts: Count[], marks: Marks, moment: Moment) => {
    for (let i = 0; i < counts.length; i++) counts[i]!.times++;
    marks.bits |= moment.bits;
    for (let i = 0; i < moment.more.length; i++) (marks.more ??= new Set()).add(moment.more[i]!);
  };
  /** Adds a user to the funnel step `step` of every key the user reached in it. */
  const addUsers = (t: RuleTotals, marks: Marks, step: 'triggered' | 'audience' | 'shown') => {
    for (let bits = marks.bits, bit = 0; bits !== 0; bits >>>= 1, bit++) if (bits & 1) funnelAt(t, keyNames[bit]!)[step].users++;
    for (const key of marks.more ?? []) funnelAt(t, key)[step].users++;
  };
  const armOf = (t: RuleTotals, id: string) => {
    let arm = t.arms.get(id);
    if (!arm) t.arms.set(id, (arm = { exposed: 0, shown: 0 }));
    return arm;
  };
  const suppress = (t: RuleTotals, reason: Suppression, moment: Moment) => {
    for (const funnel of stepsOf(t, moment).funnels) {
      const s = funnel.suppressed;
      s[reason] = (s[reason] ?? 0) + 1;
    }
  };

  return {
    newUser: () => new Array<UserRule | undefined>(totals.length).fill(undefined),
    use(marks) {
      current = marks;
    },
    trace(ruleId, outcome, attributes) {
      const t = byId.get(ruleId);
      if (!t) return;
      const u = userOf(t);
      const moment = momentOf(attributes);
      const steps = stepsOf(t, moment);
      count(steps.triggered, u.triggered, moment);
      if (outcome === 'audience') return;
      // The engine checks caps before the audience; the funnel wants the audience either way.
      if (outcome !== 'eligible' && t.when && !t.when(attributes)) return;
      count(steps.audience, u.audience, moment);
      if (outcome !== 'eligible') return suppress(t, outcome, moment);
      t.eligible++;
      u.decided = moment;
    },
    processed(name, properties, at, attributes) {
      if (name.charCodeAt(0) !== 110 || !name.startsWith('nudge_')) return; // "n": only nudge_* events matter here
      const p = properties as Record<string, unknown>;
      const t = typeof p.ruleId === 'string' ? byId.get(p.ruleId) : undefined;
      if (!t) return;
      const u = userOf(t);
      const variant = typeof p.variant === 'string' ? p.variant : undefined;
      // What follows a decision is counted at the stage and tier of the decision: the event
      // that caused it is recorded before the nudge is shown, and may have moved them.
      const moment = u.decided ?? momentOf(attributes());
      switch (name) {
        case SYSTEM_EVENTS.nudgeShown: {
          count(stepsOf(t, moment).shown, u.shown, moment);
          const week = mondayOf(at);
          u.weeks ??= new Map();
          u.weeks.set(week, (u.weeks.get(week) ?? 0) + 1);
          if (variant !== undefined) (u.shownArms ??= new Set()).add(variant);
          return;
        }
        case SYSTEM_EVENTS.nudgeHeldOut:
          t.heldOut.times++;
          u.heldOut = true;
          (u.exposed ??= new Set()).add(variant ?? 'holdout');
          return suppress(t, 'heldOut', moment);
        case SYSTEM_EVENTS.nudgeDropped:
          if (typeof p.reason === 'string') suppress(t, p.reason as Suppression, moment);
          return;
        case 'nudge_exposure':
          if (variant !== undefined) (u.exposed ??= new Set()).add(variant);
          return;
      }
    },
    endUser(marks) {
      const shown: number[] = [];
      for (const t of totals) {
        const u = marks[t.index];
        if (!u) continue;
        addUsers(t, u.triggered, 'triggered');
        addUsers(t, u.audience, 'audience');
        addUsers(t, u.shown, 'shown');
        if (u.heldOut) t.heldOut.users++;
        // forEach, not for-of: no [key, value] array per entry.
        u.weeks?.forEach((n, week) => {
          let w = t.weeks.get(week);
          if (!w) t.weeks.set(week, (w = { users: 0, over: 0 }));
          w.users++;
          if (n > weeklyOver) w.over++;
        });
        u.exposed?.forEach((id) => armOf(t, id).exposed++);
        u.shownArms?.forEach((id) => armOf(t, id).shown++);
        if (u.shown.bits !== 0 || u.shown.more) shown.push(t.index);
      }
      marks.fill(undefined);
      for (const a of shown) for (const b of shown) pairs[a]![b]!++;
    },
    rules() {
      return totals.map((t) => {
        const split = (prefix: string) =>
          Object.fromEntries([...t.byKey].filter(([key]) => key.startsWith(prefix)).map(([key, f]) => [key.slice(prefix.length), f]));
        const dropped = t.all.suppressed;
        const decided = t.all.shown.times + t.heldOut.times + (dropped.queue_full ?? 0) + (dropped.stale ?? 0) + (dropped.replaced ?? 0) + (dropped.unclaimed ?? 0);
        // Eligible, yet no decision of its own: outranked at that moment, waiting for its delay, or already on screen.
        if (t.eligible > decided) dropped.notChosen = t.eligible - decided;
        return {
          id: t.id,
          ...t.all,
          heldOut: t.heldOut,
          byStage: split('s:'),
          byTier: split('t:'),
          weeks: Object.fromEntries([...t.weeks].sort((a, b) => a[0] - b[0]).map(([day, w]) => [new Date(day * DAY_MS).toISOString().slice(0, 10), w])),
          arms: Object.fromEntries(t.arms),
        };
      });
    },
    overlap() {
      return Object.fromEntries(totals.map((a, i) => [a.id, Object.fromEntries(totals.map((b, j) => [b.id, pairs[i]![j]!]))]));
    },
  };
}

/**
 * The moment described by `attributes` (its stage and tier): one per stage and tier pair (a
 * few dozen at most), looked up rather than built at each rule check. Keys are numbered in
 * the order first seen, into `names`.
 */
function moments(names: string[]): (attributes: Record<string, unknown>) => Moment {
  const byStage = new Map<unknown, Map<unknown, Moment>>();
  const numbers = new Map<string, number>();
  const numberOf = (key: string): number => {
    let n = numbers.get(key);
    if (n === undefined) numbers.set(key, (n = names.push(key) - 1));
    return n;
  };
  // The last answer: consecutive checks are mostly of one user at one stage and tier.
  let lastStage: unknown = {};
  let lastTier: unknown;
  let last: Moment | undefined;
  return (attributes) => {
    const stage = attributes.stage;
    const tier = attributes.tier;
    if (last && stage === lastStage && tier === lastTier) return last;
    lastStage = stage;
    lastTier = tier;
    let byTier = byStage.get(stage);
    if (!byTier) byStage.set(stage, (byTier = new Map()));
    let moment = byTier.get(tier);
    if (!moment) {
      const keys = ['all', `s:${String(stage ?? 'none')}`, `t:${String(tier ?? 'none')}`];
      const numbered = keys.map(numberOf);
      moment = {
        keys,
        bits: numbered.reduce((bits, n) => (n < MARK_BITS ? bits | (1 << n) : bits), 0),
        more: keys.filter((_, i) => numbered[i]! >= MARK_BITS),
        steps: [],
      };
      byTier.set(tier, moment);
    }
    return (last = moment);
  };
}

/** Days since the epoch of the Monday (UTC) of the week of `at`: 1970-01-01 was a Thursday. */
function mondayOf(at: number): number {
  const day = Math.floor(at / DAY_MS);
  return day - ((day + 3) % 7);
}
