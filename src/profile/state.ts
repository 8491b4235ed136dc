/**
 * The profile's mutable state and its versioned stored form.
 *
 * Stored form, version 1 (short keys: the profile is written on every flush):
 * `{ v: 1, u, t: [firstSeen, lastSeen, lastActive, returnedAt], tr: traits, s: [sessions, lastStart,
 * closedMs, currentStart, currentLast], ad: active days, c: [count, first, last, revenue], cd: per-day
 * conversions, b: base second, e: [name, count, first, last, ...] (oldest first, seconds after b),
 * n: [ruleId, shown, clicked, dismissed, converted, heldOut, lastShown, ...], cp: computed,
 * st: the stage last announced (optional), ss: [stage before this session, ms away before it]
 * (optional) }`.
 *
 * @packageDocumentation
 */
import { STAGES, type JsonObject, type Stage } from '../core/types';
import type { ComputedRunner } from './computed';
import { createActiveDays, createConversionDays, type ActiveDays, type ConversionDays } from './day-history';
import { createLru, type Lru } from './lru';
import type { EventCounter, NudgeHistory } from './types';

/**
 * The current version of the stored form.
 *
 * @example
 * ```ts
 * (engine.serialize() as { v: number }).v === PROFILE_VERSION // true
 * ```
 */
export const PROFILE_VERSION = 1;

/** Everything the engine keeps. */
export interface ProfileState {
  userId: string | null;
  firstSeen: number | null;
  lastSeen: number | null;
  lastActive: number | null;
  returnedAt: number | null;
  traits: JsonObject;
  sessionCount: number;
  sessionLastStart: number | null;
  /** The stage just before the current session started (null before the first one). */
  sessionPreviousStage: Stage | null;
  /** Time from the last activity before the current session to its start (null on a first visit). */
  sessionAwayMs: number | null;
  sessionClosedMs: number;
  sessionStart: number | null;
  sessionLast: number | null;
  conversionCount: number;
  firstConversion: number | null;
  lastConversion: number | null;
  revenue: number;
  activeDays: ActiveDays;
  conversionDays: ConversionDays;
  events: Lru<EventCounter>;
  nudges: Lru<NudgeHistory>;
  /**
   * The stage last announced in a `stage_change` (or seen after an event), so a change that time
   * alone made (new -> active two weeks after the first order) is announced with the next event.
   */
  stage: Stage | null;
}

/**
 * A fresh state.
 *
 * @example
 * ```ts
 * const state = createState(200, 200);
 * ```
 */
export function createState(maxEventNames: number, maxNudgeRules: number): ProfileState {
  return {
    userId: null,
    firstSeen: null,
    lastSeen: null,
    lastActive: null,
    returnedAt: null,
    traits: {},
    sessionCount: 0,
    sessionLastStart: null,
    sessionPreviousStage: null,
    sessionAwayMs: null,
    sessionClosedMs: 0,
    sessionStart: null,
    sessionLast: null,
    conversionCount: 0,
    firstConversion: null,
    lastConversion: null,
    revenue: 0,
    activeDays: createActiveDays(),
    conversionDays: createConversionDays(),
    events: createLru<EventCounter>(maxEventNames),
    nudges: createLru<NudgeHistory>(maxNudgeRules),
    stage: null,
  };
}

const seconds = (ms: number, base: number): number => Math.floor(ms / 1000) - base;

/**
 * The stored form of `state` (see the module comment).
 *
 * @example
 * ```ts
 * JSON.stringify(saveState(state, computed))
 * ```
 */
export function saveState(state: ProfileState, computed: ComputedRunner): Record<string, unknown> {
  const base = state.firstSeen === null ? 0 : Math.floor(state.firstSeen / 1000);
  const events: (string | number)[] = [];
  for (const [name, c] of state.events.entries()) events.push(name, c.count, seconds(c.first, base), seconds(c.last, base));
  const nudges: (string | number | null)[] = [];
  for (const [id, n] of state.nudges.entries()) {
    nudges.push(id, n.shown, n.clicked, n.dismissed, n.converted, n.heldOut, n.lastShown === null ? null : seconds(n.lastShown, base));
  }
  return {
    v: PROFILE_VERSION,
    u: state.userId,
    t: [state.firstSeen, state.lastSeen, state.lastActive, state.returnedAt],
    tr: state.traits,
    s: [state.sessionCount, state.sessionLastStart, state.sessionClosedMs, state.sessionStart, state.sessionLast],
    ad: state.activeDays.toJSON(),
    c: [state.conversionCount, state.firstConversion, state.lastConversion, Math.round(state.revenue * 100) / 100],
    cd: state.conversionDays.toJSON(),
    b: base,
    e: events,
    n: nudges,
    cp: { ...computed.values },
    st: state.stage,
    ss: [state.sessionPreviousStage, state.sessionAwayMs],
  };
}

class Corrupt extends Error {}

function num(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Corrupt();
  return value;
}
const count = (value: unknown): number => {
  const n = num(value);
  if (n < 0 || !Number.isInteger(n)) throw new Corrupt();
  return n;
};
const time = (value: unknown): number | null => (value === null ? null : num(value));
function tuple(value: unknown, length: number): unknown[] {
  if (!Array.isArray(value) || value.length !== length) throw new Corrupt();
  return value;
}
function plainObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Corrupt();
  return value as Record<string, unknown>;
}

/**
 * Loads a stored form into a fresh `state`. Returns an error message when it is not a valid
 * version-1 profile (the caller then starts fresh), `undefined` on success.
 *
 * @example
 * ```ts
 * const problem = loadState(saved, createState(200, 200), computed);
 * ```
 */
export function loadState(saved: unknown, state: ProfileState, computed: ComputedRunner): string | undefined {
  try {
    const s = plainObject(saved);
    if (s.v !== PROFILE_VERSION) return `unknown profile version ${JSON.stringify(s.v)}`;
    if (s.u !== null && typeof s.u !== 'string') throw new Corrupt();
    state.userId = s.u;
    const t = tuple(s.t, 4).map(time);
    [state.firstSeen, state.lastSeen, state.lastActive, state.returnedAt] = t as [number | null, number | null, number | null, number | null];
    state.traits = plainObject(s.tr) as JsonObject;
    const sessions = tuple(s.s, 5);
    state.sessionCount = count(sessions[0]);
    state.sessionLastStart = time(sessions[1]);
    state.sessionClosedMs = num(sessions[2]);
    state.sessionStart = time(sessions[3]);
    state.sessionLast = time(sessions[4]);
    const c = tuple(s.c, 4);
    state.conversionCount = count(c[0]);
    state.firstConversion = time(c[1]);
    state.lastConversion = time(c[2]);
    state.revenue = num(c[3]);
    if (!state.activeDays.load(s.ad) || !state.conversionDays.load(s.cd)) throw new Corrupt();
    const base = num(s.b);
    const events = s.e;
    if (!Array.isArray(events) || events.length % 4 !== 0) throw new Corrupt();
    for (let i = 0; i < events.length; i += 4) {
      if (typeof events[i] !== 'string') throw new Corrupt();
      state.events.insert(events[i] as string, { count: count(events[i + 1]), first: (base + num(events[i + 2])) * 1000, last: (base + num(events[i + 3])) * 1000 });
    }
    const nudges = s.n;
    if (!Array.isArray(nudges) || nudges.length % 7 !== 0) throw new Corrupt();
    for (let i = 0; i < nudges.length; i += 7) {
      if (typeof nudges[i] !== 'string') throw new Corrupt();
      const shownAt = time(nudges[i + 6]);
      state.nudges.insert(nudges[i] as string, {
        shown: count(nudges[i + 1]),
        clicked: count(nudges[i + 2]),
        dismissed: count(nudges[i + 3]),
        converted: count(nudges[i + 4]),
        heldOut: count(nudges[i + 5]),
        lastShown: shownAt === null ? null : (base + shownAt) * 1000,
      });
    }
    computed.load(plainObject(s.cp));
    // Added after version 1 shipped: absent in older profiles, which then announce from the next event on.
    state.stage = (STAGES as readonly unknown[]).includes(s.st) ? (s.st as Stage) : null;
    // Added later still (previousStage, daysAway): absent in older profiles, read as unknown.
    if (Array.isArray(s.ss) && s.ss.length === 2) {
      state.sessionPreviousStage = (STAGES as readonly unknown[]).includes(s.ss[0]) ? (s.ss[0] as Stage) : null;
      state.sessionAwayMs = typeof s.ss[1] === 'number' && Number.isFinite(s.ss[1]) && s.ss[1] >= 0 ? s.ss[1] : null;
    }
    return undefined;
  } catch (error) {
    if (error instanceof Corrupt) return 'the stored profile is malformed';
    throw error;
  }
}
