/**
 * The profile engine: O(1) work per event, bounded size, stage change detection.
 *
 * @packageDocumentation
 */
import { DAY_MS } from '../core/clock';
import { ERROR_CODES, NudgeKitError, reportTo } from '../core/errors';
import { MAX_TRAIT_BYTES, MAX_TRAIT_KEYS, mergeTraits } from '../core/traits';
import { SYSTEM_EVENTS, isSystemEvent, type AnalyticsEvent, type JsonObject, type JsonValue, type Stage } from '../core/types';
import { resolveLifecycleOptions } from '../lifecycle/options';
import { classifyStage } from '../lifecycle/stage';
import { rfmScores, valueTier, type RfmScores } from '../lifecycle/value';
import { createComputedRunner } from './computed';
import { createLocalDay } from './local-day';
import { createState, loadState, saveState, type ProfileState } from './state';
import type { NudgeHistory, Profile, ProfileEngine, ProfileEngineOptions, StageChange } from './types';

const NUDGE_FIELDS = new Map<string, keyof Omit<NudgeHistory, 'lastShown'>>([
  [SYSTEM_EVENTS.nudgeShown, 'shown'],
  [SYSTEM_EVENTS.nudgeClicked, 'clicked'],
  [SYSTEM_EVENTS.nudgeDismissed, 'dismissed'],
  [SYSTEM_EVENTS.nudgeConverted, 'converted'],
  [SYSTEM_EVENTS.nudgeHeldOut, 'heldOut'],
]);

const MAX_REVENUE = 1e15;

const AT_RISK_STAGES: ReadonlySet<Stage> = new Set(['new', 'active', 'resurrected']);

/** The name an event is counted under: a track event's name, `page` or `identify`; undefined for a malformed event. */
function nameOf(event: AnalyticsEvent): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  if (event.type === 'track') return typeof event.event === 'string' ? event.event : undefined;
  return event.type === 'page' || event.type === 'identify' ? event.type : undefined;
}

/**
 * Creates the incremental profile engine (see {@link ProfileEngine}).
 *
 * @example
 * ```ts
 * const engine = createProfileEngine({ clock: systemClock, lifecycle: { conversionEvents: ['purchase'] } });
 * const change = engine.apply(event); // { from: 'silent', to: 'resurrected' } or undefined
 * engine.attributes().stage
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function createProfileEngine(options: ProfileEngineOptions): ProfileEngine {
  const { clock, onError } = options;
  const config = resolveLifecycleOptions(options.lifecycle);
  const allActivity = config.activityEvents.includes('*');
  const activity = new Set(config.activityEvents);
  const conversions = new Set(config.conversionEvents);
  const silentMs = config.thresholds.silentDays * DAY_MS;
  const model = config.churnModel;
  const dayOf = createLocalDay(options.timeZoneOffset);
  const computed = createComputedRunner(options.computed, onError);
  const maxEventNames = options.maxEventNames ?? 200;
  const maxNudgeRules = options.maxNudgeRules ?? 200;
  const maxTraitKeys = options.maxTraitKeys ?? MAX_TRAIT_KEYS;
  const maxTraitBytes = options.maxTraitBytes ?? MAX_TRAIT_BYTES;
  let state: ProfileState = createState(maxEventNames, maxNudgeRules);
  let conversionVersion = 0;

  const stageAt = (now: number): Stage => classifyStage(state, now, config.thresholds, config.newBasis);

  function record(event: AnalyticsEvent, name: string, now: number, system: boolean): void {
    if (state.firstSeen === null) state.firstSeen = now;
    state.lastSeen = now;
    if (typeof event.userId === 'string') state.userId = event.userId;

    const counter = state.events.touch(name);
    if (counter) {
      counter.count++;
      counter.last = now;
    } else state.events.insert(name, { count: 1, first: now, last: now });

    if (event.type === 'identify' && typeof event.traits === 'object' && event.traits !== null) {
      const dropped = mergeTraits(state.traits, event.traits, maxTraitKeys, maxTraitBytes);
      // The identify event itself is delivered unchanged: only the profile leaves these out.
      if (dropped.length) reportTo(onError, new NudgeKitError(ERROR_CODES.invalidProperty, `profile traits full (${maxTraitKeys} keys, ${maxTraitBytes} bytes): ${dropped.length} left out`, { details: { dropped } }));
    }

    if (system) {
      const field = NUDGE_FIELDS.get(name);
      const ruleId = event.type === 'track' ? event.properties?.ruleId : undefined;
      if (field && typeof ruleId === 'string') {
        let history = state.nudges.touch(ruleId);
        if (!history) state.nudges.insert(ruleId, (history = { shown: 0, clicked: 0, dismissed: 0, converted: 0, heldOut: 0, lastShown: null }));
        history[field]++;
        if (field === 'shown') history.lastShown = now;
      }
    } else {
      if (name === SYSTEM_EVENTS.sessionStart) {
        // Duration of a session: from its start to its last event.
        if (state.sessionStart !== null && state.sessionLast !== null) state.sessionClosedMs += Math.max(0, state.sessionLast - state.sessionStart);
        state.sessionCount++;
        state.sessionStart = state.sessionLastStart = now;
      }
      if (state.sessionStart !== null) state.sessionLast = now;

      if (allActivity || activity.has(name)) {
        if (state.lastActive !== null && now - state.lastActive >= silentMs) state.returnedAt = now;
        if (state.lastActive === null || now > state.lastActive) state.lastActive = now;
        state.activeDays.mark(dayOf(now));
      }
      if (conversions.has(name)) {
        const raw = event.type === 'identify' ? undefined : event.properties?.[config.revenueProperty];
        // Negative values (refunds) count; absurd magnitudes would overflow the sums to Infinity.
        const money = typeof raw === 'number' && Math.abs(raw) <= MAX_REVENUE ? raw : 0;
        state.conversionCount++;
        if (state.firstConversion === null) state.firstConversion = now;
        state.lastConversion = now;
        state.revenue += money;
        state.conversionDays.add(dayOf(now), money);
        conversionVersion++;
      }
    }
    computed.run(name, system, event);
  }

  // Derived values, cached: the RFM object per (local day, whole days since the last conversion,
  // conversion), the churn figures per minute.
  let rfmDay = NaN;
  let rfmAge = NaN;
  let rfmVersion = -1;
  let rfm: RfmScores | null = null;
  function rfmAt(now: number, today: number, c365: { count: number; revenue: number }): RfmScores | null {
    const age = state.lastConversion === null ? -1 : Math.floor((now - state.lastConversion) / DAY_MS);
    if (today !== rfmDay || age !== rfmAge || conversionVersion !== rfmVersion) {
      rfmDay = today;
      rfmAge = age;
      rfmVersion = conversionVersion;
      rfm = rfmScores({ lastConversion: state.lastConversion, conversions365: c365.count, revenue365: c365.revenue }, now, config.rfm);
    }
    return rfm;
  }
  let churnMinute = NaN;
  let churnVersion = -1;
  const churn = { pAlive: null as number | null, expected30: null as number | null };
  function churnAt(now: number): typeof churn {
    if (!model || state.firstConversion === null || state.lastConversion === null) {
      churn.pAlive = churn.expected30 = null;
      churnVersion = -1;
      return churn;
    }
    const minute = Math.floor(now / 60_000);
    if (minute === churnMinute && conversionVersion === churnVersion) return churn;
    churnMinute = minute;
    churnVersion = conversionVersion;
    const unit = model.unitDays * DAY_MS;
    const customer = { x: state.conversionCount - 1, tx: (state.lastConversion - state.firstConversion) / unit, T: Math.max(0, now - state.firstConversion) / unit };
    const p = model.pAlive(customer);
    const e = model.expected(30 / model.unitDays, customer);
    churn.pAlive = Number.isFinite(p) ? p : null;
    churn.expected30 = Number.isFinite(e) ? e : null;
    return churn;
  }

  const own: Record<string, unknown> = {};
  function refresh(now: number, attrs: Record<string, unknown> = own): Record<string, unknown> {
    const s = state;
    const today = dayOf(now);
    const days = s.activeDays.counts(today);
    const c365 = s.conversionDays.window(today);
    const stage = stageAt(now);
    const risk = churnAt(now);
    attrs.userId = s.userId;
    attrs.stage = stage;
    attrs.tier = valueTier({ lastConversion: s.lastConversion, conversions365: c365.count, revenue365: c365.revenue }, config.tier);
    attrs.rfm = rfmAt(now, today, c365);
    attrs.traits = s.traits;
    attrs.computed = computed.values;
    attrs.events = s.events.view;
    attrs.nudges = s.nudges.view;
    attrs.firstSeen = s.firstSeen;
    attrs.lastSeen = s.lastSeen;
    attrs.lastActive = s.lastActive;
    attrs.returnedAt = s.returnedAt;
    attrs.daysSinceFirstSeen = s.firstSeen === null ? null : Math.floor((now - s.firstSeen) / DAY_MS);
    attrs.daysSinceLastActive = s.lastActive === null ? null : Math.floor((now - s.lastActive) / DAY_MS);
    attrs.sessions = s.sessionCount;
    attrs.lastSessionStart = s.sessionLastStart;
    attrs.previousStage = s.sessionPreviousStage;
    attrs.daysAway = s.sessionAwayMs === null ? null : Math.floor(s.sessionAwayMs / DAY_MS);
    attrs.sessionDurationMs = sessionDuration();
    attrs.activeDays7 = days.last7;
    attrs.activeDays30 = days.last30;
    attrs.activeDays90 = days.last90;
    attrs.activeDaysTotal = s.activeDays.total();
    attrs.streak = days.streak;
    attrs.conversions = s.conversionCount;
    attrs.firstConversion = s.firstConversion;
    attrs.lastConversion = s.lastConversion;
    attrs.daysSinceLastConversion = s.lastConversion === null ? null : Math.floor((now - s.lastConversion) / DAY_MS);
    attrs.revenue = s.revenue;
    attrs.conversions365 = c365.count;
    attrs.revenue365 = c365.revenue;
    attrs.pAlive = risk.pAlive;
    attrs.expectedConversions30d = risk.expected30;
    attrs.atRisk = model !== undefined && risk.pAlive !== null && risk.pAlive < model.atRiskBelow && AT_RISK_STAGES.has(stage);
    return attrs;
  }

  function sessionDuration(): number {
    const open = state.sessionStart !== null && state.sessionLast !== null ? Math.max(0, state.sessionLast - state.sessionStart) : 0;
    return state.sessionClosedMs + open;
  }

  function reset(): void {
    state = createState(maxEventNames, maxNudgeRules);
    computed.reset();
    conversionVersion++;
  }

  return {
    restore(saved) {
      reset();
      if (saved === undefined || saved === null) return;
      let problem: string | undefined;
      try {
        problem = loadState(saved, state, computed);
      } catch (cause) {
        problem = `the stored profile could not be read: ${String(cause)}`;
      }
      if (problem !== undefined) {
        reset();
        reportTo(onError, new NudgeKitError(ERROR_CODES.storageCorrupt, `${problem}; starting a fresh profile`, { details: { record: 'profile' } }));
      }
      conversionVersion++;
    },
    apply(event, system) {
      try {
        const name = nameOf(event);
        if (name === undefined) {
          // The client only passes normalised events; anything else is a bug to report, not to record.
          reportTo(onError, new NudgeKitError(ERROR_CODES.invalidArgument, 'the profile ignored a malformed event'));
          return undefined;
        }
        const now = clock.now();
        const before = stageAt(now);
        const isSystem = system ?? (event.type === 'track' && isSystemEvent(name));
        if (name === SYSTEM_EVENTS.sessionStart && !isSystem) {
          // What the user was when this session began, before it counted as activity: a
          // session-start rule's condition sees the stage after (resurrected, not silent).
          state.sessionPreviousStage = state.firstSeen === null ? null : before;
          state.sessionAwayMs = state.lastActive === null ? null : Math.max(0, now - state.lastActive);
        }
        record(event, name, now, isSystem);
        const to = stageAt(now);
        // NudgeKit's own events never move the stage, nor announce what time did meanwhile.
        if (isSystem) return undefined;
        // The event moved the stage (silent -> resurrected), or time did since the last announced
        // one (new -> active): either way the change is announced once, when it is first seen.
        const from = before !== to ? before : state.stage;
        state.stage = to;
        return from === null || from === to ? undefined : { from, to };
      } catch (cause) {
        reportTo(onError, new NudgeKitError(ERROR_CODES.invalidArgument, 'the profile could not record an event', { cause }));
        return undefined;
      }
    },
    current() {
      const now = clock.now();
      const a = refresh(now);
      const days = state.activeDays.counts(dayOf(now));
      const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
      const profile: Profile = {
        userId: state.userId,
        firstSeen: state.firstSeen,
        lastSeen: state.lastSeen,
        lastActive: state.lastActive,
        returnedAt: state.returnedAt,
        stage: a.stage as Stage,
        tier: a.tier as Profile['tier'],
        rfm: a.rfm ? { ...(a.rfm as RfmScores) } : null,
        traits: copy(state.traits),
        sessions: { count: state.sessionCount, lastStart: state.sessionLastStart, totalDurationMs: sessionDuration() },
        activeDays: { ...days, total: state.activeDays.total() },
        conversions: {
          count: state.conversionCount,
          first: state.firstConversion,
          last: state.lastConversion,
          revenue: state.revenue,
          count365: a.conversions365 as number,
          revenue365: a.revenue365 as number,
        },
        events: copy(state.events.view),
        computed: copy(computed.values) as Record<string, JsonValue>,
        nudges: copy(state.nudges.view),
        pAlive: a.pAlive as number | null,
        expectedConversions30d: a.expectedConversions30d as number | null,
        atRisk: a.atRisk as boolean,
      };
      return profile;
    },
    attributes: (into) => refresh(clock.now(), into),
    serialize: () => saveState(state, computed),
    reset,
  };
}
