/**
 * The rule engine: for each event, the few rules indexed under it are checked (trigger
 * filter, caps, schedule, sample, audience), the highest priority wins, and the decision
 * goes to `onDecision`. Caps, fatigue, open goals and milestone counts are persisted
 * through `save()`. Nothing here throws into the host app.
 */
import { SYSTEM_EVENTS, type AnalyticsEvent } from '../core/types';
import { ERROR_CODES } from '../core/errors';
import { createReporter } from '../core/reporter';
import { capAllows, countFatigue, countShowing, emptyState, fatigueAllows, parseState, pruneState, serializeState, type EngineState } from './caps';
import { inShare } from './hash';
import { exposureOf, HOLDOUT_ARM, newArm, noteExposure, nudgeOf, stickyArm, withExposure } from './assign';
import { createLocalTime, type LocalTime } from './local-time';
import { emptyRuleIndex, type CompiledRule, type RuleIndex } from './compiled-rule';
import { rulesFor } from './rules-for';
import { createInactivityTimer } from './inactivity';
import { createDelayedRules, type TriggerFacts } from './delayed';
import type { Decision, RuleEngine, RuleEngineOptions, TraceOutcome } from './engine-types';
import { byPriority, pathOf, profileCount } from './event-facts';
import { closeGoals } from './goals';
import { createTickSave } from './tick-save';

export type { Decision, RuleEngine, RuleEngineOptions, TraceOutcome } from './engine-types';

const NUDGE_SHOWN = SYSTEM_EVENTS.nudgeShown;
const SESSION_START = SYSTEM_EVENTS.sessionStart;

/**
 * Creates a rule engine.
 *
 * @example
 * ```ts
 * const engine = createRuleEngine({ clock: systemClock, onDecision: (d) => dispatcher.offer(d), onError: console.warn,
 *   getAttributes: () => profile.attributes(), unitId: () => userId ?? anonymousId, save: (s) => store.set(STORE_KEYS.caps, s) });
 * engine.setRules(indexRules(validateRules([recall]).rules));
 * engine.handle({ event, attributes });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function createRuleEngine(options: RuleEngineOptions): RuleEngine {
  const { clock, onError, fatigue } = options;
  const report = createReporter(onError);
  const localTime = createLocalTime(options.timeZone, (cause) => report(ERROR_CODES.invalidArgument, `Unknown time zone "${options.timeZone}"; using the device's`, {}, cause));
  let index: RuleIndex = emptyRuleIndex();
  let state: EngineState = emptyState();
  let destroyed = false;
  let syntheticSessions = 0;

  const emit = (decision: Decision) => {
    try {
      options.onDecision(decision);
    } catch (cause) {
      report(ERROR_CODES.internalError, `acting on a decision failed: ${String(cause)}`, {}, cause);
    }
  };

  const { persist, saveNow, cancel: cancelSave, stop: stopSaving } = createTickSave(() => {
    try {
      options.save(serializeState(state));
    } catch (cause) {
      report(ERROR_CODES.storageUnavailable, 'Saving the rule state failed', {}, cause);
    }
  });

  const unit = (): string => {
    try {
      return String(options.unitId());
    } catch {
      return '';
    }
  };

  const { trace } = options;
  // Set while global fatigue blocks the current check: only with a `trace`, which wants to
  // hear of each rule it stopped; otherwise the engine stops before looking at any rule.
  let fatigued = false;
  const stop = (rule: CompiledRule, outcome: TraceOutcome, attributes: Record<string, unknown>): false => {
    trace!(rule.id, outcome, attributes);
    return false;
  };

  /** Every gate but the trigger and the holdout. */
  const eligible = (rule: CompiledRule, attributes: Record<string, unknown>, local: LocalTime, now: number): boolean => {
    if (fatigued) return stop(rule, 'fatigue', attributes);
    if (!capAllows(rule.cap, state.rules[rule.id], state.session, local, now)) return trace ? stop(rule, 'cap', attributes) : false;
    if (options.allows && !options.allows(rule.def, now)) return trace ? stop(rule, 'policy', attributes) : false;
    if (rule.schedule && !rule.schedule(local, now)) return trace ? stop(rule, 'schedule', attributes) : false;
    if (rule.sample < 1) {
      const u = unit();
      if (rule.sampledUnit !== u) {
        rule.sampledUnit = u;
        rule.sampledIn = inShare(`sample:${rule.id}`, u, rule.sample);
      }
      if (!rule.sampledIn) return trace ? stop(rule, 'sample', attributes) : false;
    }
    const passed = rule.when ? rule.when(attributes) : true;
    if (trace) trace(rule.id, passed ? 'eligible' : 'audience', attributes);
    return passed;
  };

  /**
   * Resolves a conflict among rules that fired together. Delayed ones wait on their own timers
   * (they compete when their delay is over, not now); of the others the highest priority shows,
   * and a held-out winner passes the turn to the next.
   */
  const decide = (candidates: CompiledRule[], attributes: Record<string, unknown>, local: LocalTime, now: number) => {
    // Usually one candidate, not delayed: one pass, no allocation.
    let best: CompiledRule | undefined;
    let immediate = 0;
    for (let k = 0; k < candidates.length; k++) {
      const rule = candidates[k]!;
      if (rule.delayMs > 0) continue;
      immediate++;
      if (!best || byPriority(rule, best) < 0) best = rule;
    }
    if (immediate === candidates.length) return showBest(candidates, best!, local, now);
    // The attributes object may be reused for later events: keep what described this one.
    const trigger = 'event' in attributes ? { event: attributes.event, properties: attributes.properties } : undefined;
    delayed.schedule(candidates.filter((rule) => rule.delayMs > 0), trigger);
    if (best) showBest(candidates.filter((rule) => rule.delayMs === 0), best, local, now);
  };

  /** Shows `best` of `candidates`, or if it is held out the next one by priority. */
  const showBest = (candidates: CompiledRule[], best: CompiledRule, local: LocalTime, now: number) => {
    if (finish(best, local, now) || candidates.length === 1) return;
    const rest = candidates.filter((rule) => rule !== best).sort(byPriority);
    for (const rule of rest) if (finish(rule, local, now)) return;
  };

  /**
   * Shows the user's arm of `rule` or holds it out; returns whether it showed. This is the
   * decision: every arm logs its exposure here (once per user and rule version), before the
   * nudge is offered, so a nudge that never renders is still exposed.
   */
  const finish = (rule: CompiledRule, local: LocalTime, now: number): boolean => {
    const u = unit();
    const { arms } = rule;
    let record = stickyArm(state.arms, arms, u);
    const exposure = record ? undefined : exposureOf(arms, (record = newArm(state.arms, arms, u)).a);
    const version = arms.version;
    if (record.a === HOLDOUT_ARM) {
      // Counted like a showing, so a held-out user is not re-evaluated into a stream of events;
      // its goal opens as a showing's does, so conversions are counted in every arm.
      countShowing(state, rule.id, local, now);
      if (rule.def.goal) state.goals[rule.id] = now;
      persist();
      emit(withExposure({ kind: 'heldOut', rule: rule.def, variant: HOLDOUT_ARM, version }, exposure));
      return false;
    }
    if (exposure) persist();
    emit(withExposure({ kind: 'show', rule: rule.def, nudge: nudgeOf(arms, record.a)!, priority: rule.priority, order: rule.order, variant: record.a, version }, exposure));
    return true;
  };

  /**
   * Rules due outside an event (a delay ended, the user went idle), checked against the current
   * profile; `trigger` still names the event that started a delay. Rules whose delay is over
   * compete among themselves and do not wait again.
   */
  const later = (rules: CompiledRule[], trigger: TriggerFacts, waited: boolean) => {
    if (destroyed || rules.length === 0) return;
    // As in handle(): inline, no closure per check (an idle user is checked every few events).
    try {
      const now = clock.now();
      const local = localTime(now);
      fatigued = !fatigueAllows(fatigue, state, local, now);
      if (fatigued && !trace) return;
      const fresh = options.getAttributes();
      const attributes = trigger ? { ...fresh, ...trigger } : fresh;
      let candidates: CompiledRule[] | undefined;
      for (const rule of rules) if (eligible(rule, attributes, local, now)) (candidates ??= []).push(rule);
      fatigued = false;
      if (!candidates) return;
      if (!waited) return decide(candidates, attributes, local, now);
      let best = candidates[0]!;
      for (const rule of candidates) if (byPriority(rule, best) < 0) best = rule;
      showBest(candidates, best, local, now);
    } catch (cause) {
      fatigued = false;
      failed(cause);
    }
  };

  // Rules may have been reloaded meanwhile: the current version decides, if the rule still exists.
  const delayed = createDelayedRules(clock, (ids, trigger) =>
    later(ids.flatMap((id) => index.byId.get(id) ?? []), trigger, true),
  );

  const failed = (cause: unknown) => report(ERROR_CODES.internalError, `The rule engine failed on an event: ${String(cause)}`, {}, cause);

  const inactivity = createInactivityTimer(clock, (elapsed, period) => {
    if (destroyed) return;
    // Each rule fires at most once per idle period, whether or not it passes its gates.
    const due: CompiledRule[] = [];
    for (const rule of index.inactivity) {
      if (rule.inactivityMs > elapsed || rule.firedPeriod === period) continue;
      rule.firedPeriod = period;
      due.push(rule);
    }
    later(due, undefined, false);
    for (const rule of index.inactivity) if (rule.firedPeriod !== period) return rule.inactivityMs;
    return undefined;
  });

  const trackSession = (event: AnalyticsEvent, name: string | undefined) => {
    const id = event.context?.session?.id;
    if (typeof id === 'string' && id !== '') {
      if (id !== state.session) state.session = id;
    } else if (name === SESSION_START) {
      state.session = `local-${clock.now()}-${++syntheticSessions}`;
    }
  };

  /** One showing of `ruleId`: toward its caps and global fatigue; opens its goal. */
  const countShown = (ruleId: string, now: number) => {
    const local = localTime(now);
    countShowing(state, ruleId, local, now);
    countFatigue(state, local, now);
    if (index.byId.get(ruleId)?.def.goal) state.goals[ruleId] = now;
    persist();
  };

  const checkGoals = (name: string, now: number) => {
    const rules = index.goals.get(name);
    if (rules && closeGoals(rules, state, name, now, emit)) persist();
  };

  const milestoneReached = (rule: CompiledRule, name: string, attributes: Record<string, unknown>): boolean =>
    (profileCount(options.eventCount, attributes, name) ?? state.milestones[name] ?? 0) === rule.milestone!.count;

  return {
    setRules(compiled) {
      index = compiled;
      delayed.keepOnly((id) => index.byId.has(id));
      if (!destroyed) inactivity.rules(index.inactivity.length > 0 ? index.inactivity[0]!.inactivityMs : undefined);
      if (pruneState(state, index.byId)) persist();
    },
    restore(saved) {
      cancelSave(); // the restored state replaces what was not saved yet
      // Nothing saved (first run, or `forget()`): start afresh.
      if (saved === undefined || saved === null) {
        state = emptyState();
        return;
      }
      const parsed = parseState(saved);
      if (parsed) state = parsed;
      else {
        state = emptyState();
        report(ERROR_CODES.storageCorrupt, 'The saved rule state was unreadable; caps start afresh');
      }
    },
    handle({ event, attributes, stageChange }) {
      if (destroyed) return;
      // try/catch inline, not a closure to a helper: none allocated per event.
      try {
        const now = clock.now();
        const name = event.type === 'track' ? event.event : undefined;
        trackSession(event, name);
        if (name === NUDGE_SHOWN && event.type === 'track' && typeof event.properties.ruleId === 'string') countShown(event.properties.ruleId, now);
        if (name !== undefined) {
          checkGoals(name, now);
          if (index.milestoneEvents.has(name) && profileCount(options.eventCount, attributes, name) === undefined) {
            state.milestones[name] = (state.milestones[name] ?? 0) + 1;
            persist();
          }
        }
        const onEvent = name !== undefined ? index.byEvent.get(name) : undefined;
        // The client passes the change with the event that caused it; the `stage_change`
        // event it tracks afterwards only fires rules that name it as an event trigger.
        const change = stageChange;
        const pagePath = event.type === 'page' ? pathOf(event) : undefined;
        if (!onEvent && !(change && index.stage.length) && !(pagePath !== undefined && index.page.length)) return;
        const local = localTime(now);
        fatigued = !fatigueAllows(fatigue, state, local, now);
        if (fatigued && !trace) return;
        let candidates: CompiledRule[] | undefined;
        if (onEvent) {
          const properties = event.type === 'track' ? event.properties : {};
          // Only the rules this event's value can match (`value-index`), in rule order.
          const byEvent = rulesFor(onEvent, attributes, properties);
          for (let k = 0; k < byEvent.length; k++) {
            const rule = byEvent[k]!;
            if (rule.where && !rule.where(properties)) continue;
            if (rule.milestone && !milestoneReached(rule, name!, attributes)) continue;
            if (eligible(rule, attributes, local, now)) (candidates ??= []).push(rule);
          }
        }
        if (change) {
          for (const rule of index.stage) {
            const matches = (rule.stageFrom === undefined || rule.stageFrom === change.from) && (rule.stageTo === undefined || rule.stageTo === change.to);
            if (matches && eligible(rule, attributes, local, now)) (candidates ??= []).push(rule);
          }
        }
        if (pagePath !== undefined) {
          for (const rule of index.page) if (rule.page!(pagePath) && eligible(rule, attributes, local, now)) (candidates ??= []).push(rule);
        }
        fatigued = false;
        if (candidates) decide(candidates, attributes, local, now);
      } catch (cause) {
        fatigued = false;
        failed(cause);
      }
    },
    exposed(properties, u) {
      if (noteExposure(state.arms, properties.ruleId, properties.variant, properties.version, u)) persist();
    },
    activity() {
      if (!destroyed) inactivity.activity();
    },
    flush: saveNow,
    destroy() {
      stopSaving();
      destroyed = true;
      delayed.destroy();
      inactivity.stop();
    },
  };
}
