/**
 * `createSimulator`: replays recorded events, one device per user, through the real profile,
 * lifecycle and rule engine (`device.ts`), and tallies what the rules did (`tally.ts`).
 * Memory holds one user's events at a time (input grouped by user) or the live users (input
 * in time order), never the whole input.
 */
import { ConfigError } from '../core/errors';
import { lifecycle } from '../profile/feature';
import { targetingWith } from '../targeting/feature';
import { createDispatcher } from '../nudges/dispatcher';
import { createSurveyPolicy } from '../targeting/survey-policy';
import { compileCondition } from '../rules/condition';
import { checkedRules, validateRules } from '../rules/validate';
import { indexRules } from '../rules/rule-index';
import { DEFAULT_SESSION_TIMEOUT_MS } from '../client/session';
import { createDevice, type Device, type DeviceListener, type DeviceSettings } from './device';
import { attributeReaders, reuseIndex } from './rule-reuse';
import { readRecorded, type Recorded } from './recorded';
import { createTally, type Tally, type UserMarks } from './tally';
import type { SimulateOptions, SimulationReport } from './types';
import { SimulateInputError } from './ndjson';

/**
 * A replay in progress: feed it recorded events with `push`, then ask for the report.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ rules });
 * for (const event of events) { const problem = sim.push(event); if (problem) throw new Error(problem); }
 * const report = sim.end();
 * ```
 */
export interface Simulator {
  /** Replays one recorded event (a Segment-shaped object); returns why it is malformed, if it is. */
  push(raw: unknown): string | undefined;
  /** Replays what is left (to `to`, if set) and returns the report. Later pushes are ignored. */
  end(): SimulationReport;
}

type Ready = Extract<Recorded, { kind: 'event' }>;
const MAX_PROBLEMS_KEPT = 5;

/**
 * Creates a simulator. Throws a `ConfigError` naming the path for a bad rule or option,
 * before any event is replayed.
 *
 * @example
 * ```ts
 * import { createSimulator } from 'nudgekit/simulate';
 * const sim = createSimulator({
 *   rules: [{ id: 'win-back', trigger: { stageChange: { to: 'resurrected' } }, nudge: { type: 'toast', body: 'Welcome back' }, cap: { perDay: 1 } }],
 *   lifecycle: { conversionEvents: ['purchase'], revenueProperty: 'revenue' },
 * });
 * sim.push({ type: 'track', event: 'purchase', anonymousId: 'a1', timestamp: '2026-03-01T10:00:00Z', properties: { revenue: 20 } });
 * console.log(sim.end().rules[0]);
 * ```
 */
export function createSimulator(options: SimulateOptions): Simulator {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'expected an object');
  const { rules: valid, issues } = validateRules(Array.isArray(options.rules) ? [...options.rules] : options.rules, 'rules', options.regex);
  if (issues.length > 0) throw new ConfigError(issues[0]!.path, issues[0]!.message);
  const weeklyOver = options.weeklyOver ?? 1;
  const dwellMs = options.dwellMs ?? 0;
  const maxLive = options.maxLiveUsers ?? 50_000;
  const order = options.order ?? 'user';
  if (!(Number.isInteger(weeklyOver) && weeklyOver >= 0)) throw new ConfigError('weeklyOver', 'expected an integer ≥ 0');
  if (!(dwellMs >= 0)) throw new ConfigError('dwellMs', 'expected a number ≥ 0 (Infinity: never closed)');
  if (!(Number.isInteger(maxLive) && maxLive > 0)) throw new ConfigError('maxLiveUsers', 'expected a positive integer');
  if (order !== 'user' && order !== 'time') throw new ConfigError('order', 'expected "user" or "time"');
  const to = options.to ?? Infinity;

  const tally: Tally = createTally(
    valid.map((rule) => ({ id: rule.id, when: rule.when ? compileCondition(rule.when, options.savedGroups, options.regex) : undefined })),
    weeklyOver,
  );
  // Compiled once for the whole replay: each device's engine gets a copy (`rule-reuse.ts`).
  const checked = checkedRules(valid, options.regex);
  const rules = reuseIndex(indexRules, checked, options.savedGroups, options.regex);
  const settings: DeviceSettings = {
    lifecycle: lifecycle(options.lifecycle ?? {}),
    // The rule tools, the dispatcher and the survey policy given, not loaded: a device replays
    // synchronously. The rules are frozen and remembered as checked: each user's rule engine
    // takes them without checking them again.
    targeting: targetingWith(
      {
        rules: checked,
        ...(options.fatigue && { fatigue: options.fatigue }),
        ...(options.savedGroups && { savedGroups: options.savedGroups }),
        ...(options.regex && { regex: options.regex }),
        trace: (id, outcome, attributes) => tally.trace(id, outcome, attributes),
      },
      { rules: { validateRules, indexRules: order === 'user' ? rules.oneAtATime : rules.indexRules }, createDispatcher, createSurveyPolicy },
    ),
    sessionTimeoutMs: options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
    dwellMs,
    timeZone: options.timeZone,
    from: options.from ?? -Infinity,
    timestamps: options.observe !== undefined,
    reads: attributeReaders(rules.base),
  };

  const report: SimulationReport = { users: 0, events: 0, skipped: 0, first: null, last: null, weeklyOver, rules: [], overlap: {}, problems: { count: 0, first: [] } };
  const problem = (message: string) => {
    if (report.problems.count++ < MAX_PROBLEMS_KEPT) report.problems.first.push(message);
  };

  interface Live {
    device: Device;
    at: number;
    marks: UserMarks;
  }
  const listenerFor = (user: string): DeviceListener => ({
    processed: (event, name, at, attributes) => {
      tally.processed(name, event.type === 'identify' ? event.traits : event.properties, at, attributes);
      options.observe?.(user, event);
    },
    failed: problem,
  });

  /** Replays one user's events, in the order given (already by time). */
  const start = (first: Ready): Live => {
    report.users++;
    const marks = tally.newUser();
    tally.use(marks);
    return { device: createDevice(settings, first.user, first.at, listenerFor(first.user)), at: first.at, marks };
  };
  const feed = (live: Live, r: Ready) => {
    // Time-ordered input may be slightly out of order across sources: never before the last.
    if (r.at > live.at) live.at = r.at;
    report.events++;
    if (report.first === null || r.at < report.first) report.first = r.at;
    if (report.last === null || r.at > report.last) report.last = r.at;
    tally.use(live.marks);
    live.device.replay(r.event, r.name, live.at);
  };
  const finish = (live: Live) => {
    tally.use(live.marks);
    if (Number.isFinite(to)) live.device.runTo(to);
    live.device.close();
    tally.endUser(live.marks);
  };

  // Grouped by user: the current user's events, sorted by time once the user is complete.
  let buffer: Ready[] = [];
  const flushUser = () => {
    if (buffer.length === 0) return;
    const events = buffer;
    buffer = [];
    let sorted = true;
    for (let i = 1; i < events.length && sorted; i++) sorted = events[i - 1]!.at <= events[i]!.at;
    if (!sorted) events.sort((a, b) => a.at - b.at); // stable: equal times keep their order
    const live = start(events[0]!);
    for (const r of events) feed(live, r);
    finish(live);
  };
  // In time order: the live users, least recently seen first (a Map keeps insertion order).
  const live = new Map<string, Live>();
  let ended = false;

  return {
    push(raw) {
      if (ended) return undefined;
      const r = readRecorded(raw);
      if (r.kind === 'error') return r.message;
      if (r.kind === 'skip' || r.at > to) {
        report.skipped++;
        return undefined;
      }
      if (order === 'user') {
        if (buffer.length > 0 && buffer[0]!.user !== r.user) flushUser();
        buffer.push(r);
        return undefined;
      }
      let user = live.get(r.user);
      if (user) live.delete(r.user);
      else {
        user = start(r);
        if (live.size >= maxLive) {
          const [oldest, state] = live.entries().next().value as [string, Live];
          live.delete(oldest);
          finish(state);
        }
      }
      live.set(r.user, user);
      feed(user, r);
      return undefined;
    },
    end() {
      if (!ended) {
        ended = true;
        flushUser();
        for (const state of live.values()) finish(state);
        live.clear();
        report.rules = tally.rules();
        report.overlap = tally.overlap();
      }
      return report;
    },
  };
}

/**
 * Replays `events` (recorded Segment-shaped events, or `{ line, value }` pairs as
 * `readNdjson` and `readTransactionsCsv` yield) and returns the report. Rejects with a
 * `ConfigError` for a bad rule, a {@link SimulateInputError} for a malformed event.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { simulate, readNdjson } from 'nudgekit/simulate';
 * const report = await simulate(readNdjson(createReadStream('export.ndjson')), { rules });
 * ```
 */
export async function simulate(events: Iterable<unknown> | AsyncIterable<unknown>, options: SimulateOptions): Promise<SimulationReport> {
  const sim = createSimulator(options);
  let position = 0;
  for await (const item of events) {
    position++;
    const numbered = isNumbered(item);
    const problem = sim.push(numbered ? item.value : item);
    if (problem) throw new SimulateInputError(numbered ? item.line : position, problem);
  }
  return sim.end();
}

function isNumbered(item: unknown): item is { line: number; value: unknown } {
  return typeof item === 'object' && item !== null && typeof (item as { line?: unknown }).line === 'number' && 'value' in item && Object.keys(item).length === 2;
}
