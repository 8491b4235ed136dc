/**
 * Test helpers for the rule engine: events shaped like the client's, and an engine on a
 * manual clock that records its decisions, errors and saved state.
 */
import { createManualClock, type ManualClock } from '../../src/core/clock';
import type { NudgeKitError } from '../../src/core/errors';
import type { AnalyticsEvent, JsonObject } from '../../src/core/types';
import { createRuleEngine, validateRules, type Decision, type RuleEngine, type RuleEngineOptions } from '../../src/rules/index';
import { indexRules } from '../../src/rules/rule-index';
import type { RuleDefinition } from '../../src/rules/types';

let counter = 0;

/** A track event as the client would pass it. */
export function track(name: string, properties: JsonObject = {}, session = 's1'): AnalyticsEvent {
  return {
    type: 'track',
    event: name,
    properties,
    messageId: `m${++counter}`,
    timestamp: new Date(0).toISOString(),
    anonymousId: 'anon-1',
    userId: null,
    context: { library: { name: 'nudgekit', version: '0.0.0' }, session: { id: session, index: 1 } },
  };
}

/** A page event whose context carries `path`. */
export function page(path: string, session = 's1'): AnalyticsEvent {
  return {
    type: 'page',
    name: null,
    properties: {},
    messageId: `m${++counter}`,
    timestamp: new Date(0).toISOString(),
    anonymousId: 'anon-1',
    userId: null,
    context: {
      library: { name: 'nudgekit', version: '0.0.0' },
      session: { id: session, index: 1 },
      page: { path, url: `https://example.com${path}`, referrer: '', title: '', search: '' },
    },
  };
}

export interface Harness {
  engine: RuleEngine;
  clock: ManualClock;
  decisions: Decision[];
  errors: NudgeKitError[];
  /** The last state passed to save(), parsed. */
  saved: () => unknown;
  /** Shows: the rule ids of 'show' decisions so far. */
  shown: () => string[];
  /** Handles an event, and for each 'show' decision also feeds back the nudge_shown event the dispatcher would track. */
  send: (event: AnalyticsEvent, attributes?: Record<string, unknown>) => Decision[];
  attributes: Record<string, unknown>;
  /** Validates and compiles `rules` (throwing on a problem) and puts them in force, as the targeting feature does. */
  setRules: (rules: Array<RuleDefinition | { toJSON(): RuleDefinition }>) => void;
}

/** An engine on a manual clock (default start 2026-01-05, a Monday, 12:00 UTC), time zone UTC. */
export function harness(rules: (RuleDefinition | { toJSON(): RuleDefinition })[], options: Partial<RuleEngineOptions> & { clock?: ManualClock; unit?: string; restoreFrom?: unknown } = {}): Harness {
  const clock = options.clock ?? createManualClock(Date.UTC(2026, 0, 5, 12));
  const decisions: Decision[] = [];
  const errors: NudgeKitError[] = [];
  let saved: unknown;
  const h: Harness = {
    clock,
    decisions,
    errors,
    attributes: {},
    saved: () => {
      h.engine.flush();
      return saved;
    },
    shown: () => decisions.flatMap((d) => (d.kind === 'show' ? [d.rule.id] : [])),
    send: (event, attributes) => {
      const before = decisions.length;
      const session = event.context.session.id;
      h.engine.handle({ event, attributes: attributes ?? h.attributes });
      const fresh = decisions.slice(before);
      for (const d of fresh) if (d.kind === 'show') h.engine.handle({ event: track('nudge_shown', { ruleId: d.rule.id }, session), attributes: h.attributes });
      return fresh;
    },
    engine: undefined as unknown as RuleEngine,
    setRules: (list) => {
      const { rules: valid, issues } = validateRules(list);
      if (issues.length) throw new Error(`rules invalid: ${JSON.stringify(issues)}`);
      h.engine.setRules(indexRules(valid));
    },
  };
  h.engine = createRuleEngine({
    clock,
    timeZone: 'UTC',
    onDecision: (d) => decisions.push(d),
    onError: (e) => errors.push(e),
    getAttributes: () => h.attributes,
    unitId: () => options.unit ?? 'user-1',
    // The engine saves JSON text; tests read it as an object (which restore() also accepts, as older versions saved it).
    save: (s) => {
      saved = JSON.parse(typeof s === 'string' ? s : JSON.stringify(s));
    },
    ...options,
  });
  if (options.restoreFrom !== undefined) h.engine.restore(options.restoreFrom);
  h.setRules(rules);
  return h;
}

/** A minimal valid rule. */
export function aRule(id: string, extra: Partial<RuleDefinition> = {}): RuleDefinition {
  return { id, trigger: { event: 'go' }, nudge: { type: 'toast', body: id }, ...extra };
}
