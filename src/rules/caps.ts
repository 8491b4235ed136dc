/**
 * Frequency caps and global fatigue, as small counters keyed by local day and week so a
 * check is O(1) and the persisted state stays tiny whatever the history.
 */
import { isRecord } from '../core/option-checks';
import type { CapDefinition } from './types';
import type { LocalTime } from './local-time';
import { parseArmRecords, pruneArmRecords, type ArmRecords } from './assign';

/** Counters of one rule. A count belongs to the session, day or week it names; another one means 0. */
export interface RuleCounters {
  session: string;
  sessionCount: number;
  day: number;
  dayCount: number;
  week: number;
  weekCount: number;
  lifetime: number;
  /** Epoch ms of the last showing (or holdout), for the cooldown. */
  last: number;
}

/** Everything the engine persists through `save()`. */
export interface EngineState {
  version: 1;
  /** The session the per-session counts refer to. */
  session: string;
  rules: Record<string, RuleCounters>;
  fatigue: { day: number; count: number; last: number };
  /** Rule id -> epoch ms of the showing whose goal is still open. */
  goals: Record<string, number>;
  /** Event name -> times seen, for milestone triggers when the profile has no counter. */
  milestones: Record<string, number>;
  /**
   * Rule id -> the experiment arm this device was assigned (sticky). Added without a version
   * bump: a state without it reads as "no arm yet", and an older SDK ignores it.
   */
  arms: ArmRecords;
}

/** A fresh state. */
export function emptyState(): EngineState {
  return { version: 1, session: '', rules: Object.create(null), fatigue: { day: -1, count: 0, last: -Infinity }, goals: Object.create(null), milestones: Object.create(null), arms: Object.create(null) };
}

/** Whether `counters` still allow a showing under `cap`. */
export function capAllows(cap: CapDefinition | undefined, counters: RuleCounters | undefined, session: string, local: LocalTime, now: number): boolean {
  if (!cap || !counters) return true;
  if (cap.perSession !== undefined && counters.session === session && counters.sessionCount >= cap.perSession) return false;
  if (cap.perDay !== undefined && counters.day === local.day && counters.dayCount >= cap.perDay) return false;
  if (cap.perWeek !== undefined && counters.week === local.week && counters.weekCount >= cap.perWeek) return false;
  if (cap.lifetime !== undefined && counters.lifetime >= cap.lifetime) return false;
  if (cap.cooldownMs !== undefined && now - counters.last < cap.cooldownMs) return false;
  return true;
}

/** Counts one showing of a rule. */
export function countShowing(state: EngineState, ruleId: string, local: LocalTime, now: number): void {
  let c = state.rules[ruleId];
  if (!c) {
    c = { session: state.session, sessionCount: 0, day: local.day, dayCount: 0, week: local.week, weekCount: 0, lifetime: 0, last: -Infinity };
    state.rules[ruleId] = c;
  }
  if (c.session !== state.session) {
    c.session = state.session;
    c.sessionCount = 0;
  }
  if (c.day !== local.day) {
    c.day = local.day;
    c.dayCount = 0;
  }
  if (c.week !== local.week) {
    c.week = local.week;
    c.weekCount = 0;
  }
  c.sessionCount++;
  c.dayCount++;
  c.weekCount++;
  c.lifetime++;
  c.last = now;
}

/** Whether global fatigue still allows a nudge. */
export function fatigueAllows(limits: { maxPerDay?: number; minGapMs?: number } | undefined, state: EngineState, local: LocalTime, now: number): boolean {
  if (!limits) return true;
  if (limits.maxPerDay !== undefined && state.fatigue.day === local.day && state.fatigue.count >= limits.maxPerDay) return false;
  if (limits.minGapMs !== undefined && now - state.fatigue.last < limits.minGapMs) return false;
  return true;
}

/** Counts one nudge toward global fatigue. */
export function countFatigue(state: EngineState, local: LocalTime, now: number): void {
  if (state.fatigue.day !== local.day) state.fatigue = { day: local.day, count: 0, last: state.fatigue.last };
  state.fatigue.count++;
  state.fatigue.last = now;
}

/**
 * The state as JSON text. A store copies what it is given (structured clone), and one string
 * copies far faster than a tree of counters: this runs on every showing. "Never" (-Infinity)
 * becomes null.
 */
export function serializeState(state: EngineState): string {
  return JSON.stringify(state);
}

/** Reads a saved state, text or object; `undefined` when it is not one (the caller starts fresh and reports). */
export function parseState(raw: unknown): EngineState | undefined {
  // JSON text since this version; an object as saved by earlier ones.
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(raw) || raw.version !== 1 || typeof raw.session !== 'string') return undefined;
  const { rules, fatigue, goals, milestones } = raw;
  if (!isRecord(rules) || !isRecord(fatigue) || !isRecord(goals) || !isRecord(milestones)) return undefined;
  const state = emptyState();
  state.session = raw.session;
  for (const id of Object.keys(rules)) {
    const c = rules[id];
    if (!isRecord(c) || typeof c.session !== 'string' || !COUNTS.every((k) => isCount(c[k]))) return undefined;
    const counters = { session: c.session, last: typeof c.last === 'number' && Number.isFinite(c.last) ? c.last : -Infinity } as RuleCounters;
    for (const k of COUNTS) counters[k] = c[k] as number;
    state.rules[id] = counters;
  }
  if (!isCount(fatigue.day) || !isCount(fatigue.count)) return undefined;
  state.fatigue = { day: fatigue.day as number, count: fatigue.count as number, last: typeof fatigue.last === 'number' ? fatigue.last : -Infinity };
  for (const id of Object.keys(goals)) if (typeof goals[id] === 'number') state.goals[id] = goals[id] as number;
  for (const name of Object.keys(milestones)) if (isCount(milestones[name])) state.milestones[name] = milestones[name] as number;
  parseArmRecords(raw.arms, state.arms);
  return state;
}

const COUNTS = ['sessionCount', 'day', 'dayCount', 'week', 'weekCount', 'lifetime'] as const;

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= -1;
}

/** Most per-rule counters kept; beyond it, those of rules no longer loaded go first, oldest first. */
export const MAX_TRACKED_RULES = 1000;

/**
 * Bounds the state: counters of rules that are not loaded are kept (the rule may come back,
 * and its lifetime cap must still hold) until there are more than {@link MAX_TRACKED_RULES}.
 * Returns whether anything was removed.
 */
export function pruneState(state: EngineState, loaded: ReadonlyMap<string, unknown>, max = MAX_TRACKED_RULES): boolean {
  const ids = Object.keys(state.rules);
  let removed = pruneArmRecords(state.arms, loaded, max);
  for (const id of Object.keys(state.goals)) {
    if (!loaded.has(id)) {
      delete state.goals[id];
      removed = true;
    }
  }
  if (ids.length <= max) return removed;
  const stale = ids.filter((id) => !loaded.has(id)).sort((a, b) => state.rules[a]!.last - state.rules[b]!.last);
  for (const id of stale.slice(0, ids.length - max)) delete state.rules[id];
  return true;
}
