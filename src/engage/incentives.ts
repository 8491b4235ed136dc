/**
 * `incentives()`: points, levels, badges and streaks, kept on the device. They exist for
 * engagement and targeting (a "streak at risk" nudge, a thank-you at a new level). They are
 * not a ledger: anything with money value must be re-checked on the server from the events,
 * which carry what that takes (the source event's messageId, the rule, amounts and totals,
 * the local date of each streak period).
 */
import { ERROR_CODES, NudgeKitError } from '../core/errors';
import { isRecord } from '../core/option-checks';
import type { Feature, FeatureHost, FeatureInstance } from '../core/feature';
import type { AnalyticsEvent, JsonObject } from '../core/types';
import { compileCondition, type CompiledCondition } from '../rules/condition';
import { createLocalTime, type LocalTime } from '../rules/local-time';
import { createSubject, type Observable } from './observable';
import { checkIncentives, type IncentivesOptions } from './incentive-options';
import { award, levelAt, levelsCrossed, type LevelDefinition, type RuleTally } from './points';
import { endStreak, extendStreak, newStreak, streakStatus, type StreakRecord } from './streaks';

/**
 * What a UI shows: points, the level (and the next one), badges, streaks.
 *
 * @example
 * ```ts
 * const { points, level, next } = rewards.getState();
 * ```
 */
export interface IncentivesState {
  points: number;
  level?: LevelDefinition;
  /** The next level, if any: `next.at - points` to go. */
  next?: LevelDefinition;
  /** Badge ids, in the order earned. */
  badges: string[];
  streaks: Record<string, { length: number; best: number; atRisk: boolean; freezes: number }>;
}

/** The incentives feature and its headless state API. */
export interface IncentivesFeature extends Feature, Observable<IncentivesState> {}

/** The stored shape, under the store key `incentives`. */
interface Saved {
  version: 1;
  points: number;
  /** Badge id -> epoch ms earned. */
  badges: Record<string, number>;
  rules: Record<string, RuleTally>;
  streaks: Record<string, StreakRecord>;
}

const KEY = 'incentives';
const EVENTS = { points: 'points_earned', level: 'level_changed', badge: 'badge_earned', extended: 'streak_extended', broken: 'streak_broken' } as const;
const OWN: ReadonlySet<string> = new Set(Object.values(EVENTS));

const period = (per: 'day' | 'week' | undefined, local: LocalTime) => (per === 'week' ? local.week : local.day);

/**
 * Creates the incentives feature. Throws a `ConfigError` (path `incentives.…`) for a wrong option.
 *
 * Events: `points_earned { ruleId, points, total, sourceEvent, sourceMessageId, capped }`,
 * `level_changed { from, to, threshold, total, sourceMessageId }` (one per threshold crossed),
 * `badge_earned { badgeId, sourceMessageId }` (once per badge),
 * `streak_extended { streakId, length, best, per, localDate, freezesUsed, sourceMessageId }` and
 * `streak_broken { streakId, length, best }`. Rules see `points`, `level`, `badges` (an array of
 * ids) and `streaks.<id>.length`, `.best`, `.atRisk` (alive, not yet extended this period), `.freezes`.
 *
 * Days and weeks are the user's local ones: the client's `timeZone` option, else the device's.
 *
 * @example
 * ```ts
 * import { incentives } from 'nudgekit/engage';
 * const rewards = incentives({
 *   points: [{ event: 'purchase', points: 50 }, { event: 'review_posted', points: 10, perDay: 30 }],
 *   levels: [{ id: 'bronze', at: 0 }, { id: 'silver', at: 200 }, { id: 'gold', at: 1000 }],
 *   badges: [{ id: 'first-order', when: { 'events.purchase.count': { $gte: 1 } } }],
 *   streaks: [{ id: 'daily', event: 'session_start', freezes: { max: 1 } }],
 * });
 * const nk = createNudgeKit({ endpoint: '/v1/batch', features: [lifecycle(), rewards] });
 * rewards.subscribe(({ points, level }) => render(points, level?.label));
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function incentives(options: IncentivesOptions = {}): IncentivesFeature {
  checkIncentives(options);
  const rules = (options.points ?? []).map((rule) => ({ rule, id: rule.id ?? rule.event, where: rule.where && compileCondition(rule.where) }));
  const levels = options.levels ?? [];
  const badges = (options.badges ?? []).map((badge) => ({ badge, when: compileCondition(badge.when) }));
  const streaks = (options.streaks ?? []).map((def) => ({ def, events: new Set([def.event].flat()), where: def.where && compileCondition(def.where) }));
  let saved = fresh();
  let host: FeatureHost | undefined;
  let localTime: (at: number) => LocalTime = createLocalTime();
  // The day a snapshot was made: streak lengths and risk depend on the date, so a snapshot
  // read on a later day is made afresh (without notifying: reading must not cause renders).
  let madeOn = NaN;
  const today = () => localTime(host ? host.clock.now() : Date.now()).day;

  const subject = createSubject(snapshot(), (error) => host?.report(ERROR_CODES.callbackFailed, `an incentives listener threw: ${String(error)}`, {}, error));

  function fresh(): Saved {
    const state: Saved = { version: 1, points: 0, badges: {}, rules: {}, streaks: {} };
    for (const { def } of streaks ?? []) state.streaks[def.id] = newStreak(def.freezes);
    return state;
  }

  function snapshot(): IncentivesState {
    const local = localTime(host ? host.clock.now() : Date.now());
    madeOn = local.day;
    const level = levelAt(levels, saved.points);
    const next = levels.find((l) => l.at > saved.points);
    const state: IncentivesState = { points: saved.points, ...(level && { level }), ...(next && { next }), badges: Object.keys(saved.badges), streaks: {} };
    for (const { def } of streaks) {
      const record = saved.streaks[def.id]!;
      const status = streakStatus(record, period(def.per, local));
      state.streaks[def.id] = { length: status.length, best: record.best, atRisk: status.atRisk, freezes: record.freezes };
    }
    return state;
  }

  function changed(): void {
    host?.persist();
    subject.set(snapshot());
  }

  function react(event: AnalyticsEvent, name: string, attributes: Record<string, unknown>, instance: FeatureInstance): void {
    const h = host!;
    const now = h.clock.now();
    const local = localTime(now);
    const properties = event.type === 'track' ? event.properties : {};
    const source = event.messageId;
    let change = false;
    for (const { def, events, where } of streaks) {
      const record = saved.streaks[def.id]!;
      const p = period(def.per, local);
      if (streakStatus(record, p).broken) {
        const best = record.best;
        h.track(EVENTS.broken, { streakId: def.id, length: endStreak(record), best });
        change = true;
      }
      if (!events.has(name) || (where && !where(properties))) continue;
      const used = extendStreak(record, p, def.freezes);
      if (used === undefined) continue;
      change = true;
      h.track(EVENTS.extended, { streakId: def.id, length: record.length, best: record.best, per: def.per ?? 'day', localDate: new Date(local.wallMs).toISOString().slice(0, 10), freezesUsed: used, sourceMessageId: source });
    }
    const before = saved.points;
    for (const { rule, id, where } of rules) {
      if (rule.event !== name || (where && !where(properties))) continue;
      const tally = (saved.rules[id] ??= { day: local.day, today: 0, total: 0 });
      const points = award(rule, tally, local.day);
      if (points === 0) continue;
      saved.points += points;
      change = true;
      h.track(EVENTS.points, { ruleId: id, points, total: saved.points, sourceEvent: name, sourceMessageId: source, capped: points < rule.points });
    }
    let from = levelAt(levels, before)?.id ?? null;
    for (const level of levelsCrossed(levels, before, saved.points)) {
      h.track(EVENTS.level, { from, to: level.id, threshold: level.at, total: saved.points, sourceMessageId: source });
      from = level.id;
    }
    if (badges.length > 0) {
      // The attributes as they are after this event's points, levels and streaks.
      instance.attributes!(attributes);
      for (const { badge, when } of badges) {
        if (saved.badges[badge.id] !== undefined || !when(attributes)) continue;
        saved.badges[badge.id] = now;
        change = true;
        h.track(EVENTS.badge, { badgeId: badge.id, sourceMessageId: source });
      }
    }
    if (change) changed();
  }

  // Another tab's incentive events: the same totals here, without tracking them again.
  function receive(event: AnalyticsEvent, name: string, properties: JsonObject): void {
    const at = Date.parse(event.timestamp);
    const local = localTime(Number.isFinite(at) ? at : host!.clock.now());
    if (name === EVENTS.points && typeof properties.points === 'number' && typeof properties.ruleId === 'string') {
      const rule = rules.find((r) => r.id === properties.ruleId);
      if (rule) {
        const tally = (saved.rules[rule.id] ??= { day: local.day, today: 0, total: 0 });
        if (tally.day !== local.day) Object.assign(tally, { day: local.day, today: 0 });
        tally.today += properties.points;
        tally.total += properties.points;
      }
      if (typeof properties.total === 'number') saved.points = Math.max(saved.points, properties.total);
    } else if (name === EVENTS.badge && typeof properties.badgeId === 'string') saved.badges[properties.badgeId] ??= host!.clock.now();
    else if ((name === EVENTS.extended || name === EVENTS.broken) && typeof properties.streakId === 'string') {
      const found = streaks.find((s) => s.def.id === properties.streakId);
      const record = found && saved.streaks[found.def.id];
      if (!record) return;
      if (name === EVENTS.broken) endStreak(record);
      else if (typeof properties.length === 'number') {
        record.length = properties.length;
        record.best = Math.max(record.best, properties.length);
        record.last = period(found.def.per, local);
      }
    } else return;
    changed();
  }

  const instance: FeatureInstance = {
    storeKeys: [KEY],
    systemEvents: Object.values(EVENTS),
    restore(stored) {
      saved = parse(stored[KEY], fresh());
      subject.set(snapshot());
    },
    save: () => [[KEY, saved]],
    attributes(into) {
      into.points = saved.points;
      into.level = levelAt(levels, saved.points)?.id ?? null;
      into.badges = Object.keys(saved.badges);
      const now = localTime(host!.clock.now());
      const out: Record<string, unknown> = {};
      for (const { def } of streaks) {
        const record = saved.streaks[def.id]!;
        const status = streakStatus(record, period(def.per, now));
        out[def.id] = { length: status.length, best: record.best, atRisk: status.atRisk, freezes: record.freezes };
      }
      into.streaks = out;
    },
    react: ({ event, name, attributes, system }) => {
      if (!(system && OWN.has(name))) react(event, name, attributes, instance);
    },
    receive(event, name) {
      if (event.type === 'track' && OWN.has(name)) receive(event, name, event.properties);
      return undefined;
    },
    reset() {
      saved = fresh();
      changed();
    },
  };

  return {
    name: 'incentives',
    setup(h) {
      host = h;
      localTime = createLocalTime(h.timeZone, (cause) =>
        h.onError(new NudgeKitError(ERROR_CODES.invalidArgument, `Unknown time zone "${h.timeZone}"; incentives use the device's`, { cause })),
      );
      return instance;
    },
    getState() {
      if (streaks.length > 0 && today() !== madeOn) subject.set(snapshot(), true);
      return subject.getState();
    },
    subscribe: subject.subscribe,
  };
}

/** Reads the stored state into `base` (which has every configured streak); anything unreadable is left as in `base`. */
function parse(raw: unknown, base: Saved): Saved {
  if (!isRecord(raw) || raw.version !== 1) return base;
  if (typeof raw.points === 'number' && Number.isFinite(raw.points) && raw.points >= 0) base.points = raw.points;
  if (isRecord(raw.badges)) for (const [id, at] of Object.entries(raw.badges)) if (typeof at === 'number') base.badges[id] = at;
  if (isRecord(raw.rules)) {
    for (const [id, t] of Object.entries(raw.rules)) {
      if (isRecord(t) && typeof t.day === 'number' && typeof t.today === 'number' && typeof t.total === 'number') base.rules[id] = { day: t.day, today: t.today, total: t.total };
    }
  }
  if (isRecord(raw.streaks)) {
    for (const id of Object.keys(base.streaks)) {
      const s = raw.streaks[id];
      if (isRecord(s) && ['length', 'best', 'last', 'freezes', 'earned'].every((k) => typeof s[k] === 'number')) base.streaks[id] = s as unknown as StreakRecord;
    }
  }
  return base;
}
