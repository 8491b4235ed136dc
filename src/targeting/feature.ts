/**
 * `targeting()`: rules and nudges as a feature. The rule engine reacts to each event (only
 * the rules indexed under it), and its decisions become nudges for the dispatcher, or
 * `nudge_held_out` and `nudge_converted` events; a rule's first decision for a user, in every
 * arm, is first tracked as `nudge_exposure`. The dispatcher tracks what each nudge did
 * through the client, so those events flow like any other.
 */
import { ConfigError, ERROR_CODES } from '../core/errors';
import { loadPart } from '../core/load-part';
import { isRecord, numberCheck, section } from '../core/option-checks';
import { SYSTEM_EVENTS } from '../core/types';
import type { Feature, FeatureHost, FeatureInstance } from '../core/feature';
import { createRuleEngine, type Decision, type RuleEngineOptions } from '../rules/engine';
import { ruleSources, type RuleTools } from '../rules/rule-sources';
import type { SavedGroups } from '../rules/condition';
import type { RuleInput } from '../rules/types';
import type { LoadRulesResult } from '../rules/load';
import type { RegexEngine } from '../rules/regex-engine';
import type { createDispatcher } from '../nudges/dispatcher';
import type { ActiveNudge, Renderer } from '../nudges/active-nudge';
import { lazyDispatcher } from './nudge-loader';
import type { createSurveyPolicy } from './survey-policy';
import { isSurveyRule, lazySurveyPolicy } from './survey-loader';

/**
 * The options of {@link targeting}.
 *
 * @example
 * ```ts
 * const options: TargetingOptions = { rules: [welcome], renderer: domRenderer(), fatigue: { maxPerDay: 3, minGapMs: 60_000 } };
 * ```
 */
export interface TargetingOptions {
  /** Targeting rules, as JSON or from the `rule()` builder. A bad rule is reported through `onError`; the others run. */
  rules?: RuleInput[];
  /** Renders nudges, e.g. `domRenderer()` from `nudgekit/dom`. Without one, use `nk.on('nudge', ...)` (headless). */
  renderer?: Renderer;
  /** A cap across all rules: at most `maxPerDay` nudges a day, at least `minGapMs` apart. */
  fatigue?: { maxPerDay?: number; minGapMs?: number };
  /** Saved groups for `$inGroup`, `$notInGroup` and `$savedGroup` in rule conditions: `{ beta: ['user-1', 'user-2'] }`. */
  savedGroups?: SavedGroups;
  /**
   * The engine for `$regex` and `$regexi` in conditions: `safeRegex` from `nudgekit/rules`.
   * Opt-in, so pages whose rules never match patterns do not carry it; without it, a rule
   * using `$regex` is refused (reported with its path).
   */
  regex?: RegexEngine;
  /**
   * Diagnostics: each time a rule's trigger fires, where its gates stopped it (see
   * `TraceOutcome`). For tools such as the simulator (`nudgekit/simulate`); apps need not set it.
   */
  trace?: RuleEngineOptions['trace'];
}

/** What the targeting feature offers to the facade and to `loadRules(nk, ...)`. */
export interface TargetingInstance extends FeatureInstance {
  /** The nudge on screen or on offer. */
  current(): ActiveNudge | undefined;
  /** Applies (once the code that compiles rules is loaded) and caches what `loadRules` read, and reports its problems. */
  applyLoaded(result: LoadRulesResult): Promise<void>;
  /** The regex engine given to `targeting()`, for validating loaded rules. */
  readonly regex: RegexEngine | undefined;
}

const CAPS_KEY = 'caps';
const SURVEYS_KEY = 'surveys';
const SURVEY_EVENTS = ['survey_answered', 'survey_dismissed'];
/** Rules last loaded from a server: `{ rules, version, at }`. */
export const RULES_CACHE_KEY = 'rules';

/**
 * Code the feature otherwise loads on demand, given at once: the simulator replays events
 * synchronously, without a start-up to wait in.
 */
export interface TargetingParts {
  /** `validateRules` and `indexRules` (`rules/prepare.ts`): the config rules are then applied in `setup`, not at start-up. */
  rules?: RuleTools;
  /** `createDispatcher`: offers are then shown at once. */
  createDispatcher?: typeof createDispatcher;
  /** `createSurveyPolicy`: survey rules then need no loading either. */
  createSurveyPolicy?: typeof createSurveyPolicy;
}

/**
 * The targeting feature: local rules (triggers, MongoDB-style conditions, caps, schedules,
 * holdouts, goals) and the nudges they show. Throws a `ConfigError` (path `targeting.…`)
 * for a wrong option; a bad rule is reported through `onError` instead, at start-up: the code
 * that checks and compiles rules and the code that shows nudges are loaded then (chunks of
 * their own), while the store opens, and start-up waits for them, so no event meets rules
 * not yet checked.
 *
 * @example
 * ```ts
 * import { createNudgeKit } from 'nudgekit';
 * import { targeting, rule } from 'nudgekit/rules';
 * import { domRenderer } from 'nudgekit/dom';
 *
 * const nk = createNudgeKit({
 *   endpoint: '/v1/batch',
 *   features: [
 *     targeting({
 *       rules: [rule('welcome').on({ event: 'signup' }).show({ type: 'modal', title: 'Hi', body: 'Glad you are here.' })],
 *       renderer: domRenderer(),
 *     }),
 *   ],
 * });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function targeting(options: TargetingOptions = {}): Feature {
  return targetingWith(options, {});
}

/** {@link targeting} with some of its code given rather than loaded (see {@link TargetingParts}). */
/* @__NO_SIDE_EFFECTS__ */
export function targetingWith(options: TargetingOptions, parts: TargetingParts): Feature {
  const atLeastZero = numberCheck((n) => n >= 0, 'a number ≥ 0');
  section(options, 'targeting', {
    rules: (value, path) => {
      if (!Array.isArray(value)) throw new ConfigError(path, 'expected an array of rules');
    },
    renderer: (value, path) => {
      if (typeof value !== 'function') throw new ConfigError(path, 'expected a renderer, e.g. domRenderer()');
    },
    fatigue: (value, path) => section(value, path, { maxPerDay: atLeastZero, minGapMs: atLeastZero }),
    regex: (value, path) => {
      const engine = value as Partial<RegexEngine> | null;
      if (typeof engine?.matcher !== 'function' || typeof engine.refusal !== 'function') throw new ConfigError(path, "expected a regex engine: safeRegex from 'nudgekit/rules'");
    },
    trace: (value, path) => {
      if (typeof value !== 'function') throw new ConfigError(path, 'expected a function');
    },
    savedGroups: (value, path) => {
      if (!isRecord(value)) throw new ConfigError(path, 'expected an object of group id to array of values');
      for (const [id, values] of Object.entries(value)) if (!Array.isArray(values)) throw new ConfigError(`${path}.${id}`, 'expected an array of values');
    },
  });
  return { name: 'targeting', setup: (host) => setupTargeting(host, options, parts) };
}

function setupTargeting(host: FeatureHost, options: TargetingOptions, parts: TargetingParts): TargetingInstance {
  const { clock, onError } = host;
  const dispatcher = lazyDispatcher(
    {
      clock,
      onError,
      ...(options.renderer && { renderer: options.renderer }),
      track: host.track,
      identify: host.identify,
      emit: (nudge) => host.emit('nudge', nudge),
    },
    host.report,
    parts.createDispatcher,
  );
  const decide = (decision: Decision) => {
    switch (decision.kind) {
      case 'show':
        // Exposure first, whatever becomes of the nudge: every arm is counted at the decision.
        if (decision.exposure) host.track(SYSTEM_EVENTS.nudgeExposure, decision.exposure);
        return dispatcher.offer(decision);
      case 'heldOut':
        if (decision.exposure) host.track(SYSTEM_EVENTS.nudgeExposure, decision.exposure);
        return host.track(SYSTEM_EVENTS.nudgeHeldOut, { ruleId: decision.rule.id, variant: decision.variant, version: decision.version });
      case 'converted': {
        const { ruleId, goalEvent, variant, version } = decision;
        host.track(SYSTEM_EVENTS.nudgeConverted, { ruleId, goalEvent, shownAt: new Date(decision.shownAt).toISOString(), variant, version });
        return dispatcher.goalMet(ruleId);
      }
    }
  };
  const surveys = lazySurveyPolicy(host.report, (state) => void host.write(SURVEYS_KEY, state), parts.createSurveyPolicy);
  // An answer or dismissal (here or in another tab) changes when a survey may come back.
  const surveyEvent = (name: string, properties: unknown): void => {
    if (SURVEY_EVENTS.includes(name) && surveys.record(name, properties, clock.now())) void host.write(SURVEYS_KEY, surveys.state());
  };
  const engine = createRuleEngine({
    clock,
    onError,
    allows: surveys.allows,
    onDecision: decide,
    getAttributes: host.attributes,
    unitId: host.unitId,
    save: (state) => void host.write(CAPS_KEY, state),
    ...(host.timeZone && { timeZone: host.timeZone }),
    ...(options.fatigue && { fatigue: options.fatigue }),
    ...(options.trace && { trace: options.trace }),
  });
  const applyRules = ruleSources(engine, options.rules, host.report, options);
  let tools = parts.rules;
  let destroyed = false;
  let rulesInForce = false;
  let surveysInForce = false;
  /** The code that checks and compiles rules, loaded once; `undefined` (reported) if it could not be loaded. */
  const ruleTools = async (): Promise<RuleTools | undefined> =>
    (tools ??= await loadPart(() => import('../rules/prepare'), 'rules', host.report, 'the rules are not applied'));
  /** Applies the rules in force; once there are any, the code that shows nudges (and surveys) starts loading. */
  const apply = (loaded: RuleTools | undefined, rules?: readonly unknown[]): void => {
    if (destroyed || !loaded) return;
    try {
      const inForce = applyRules(loaded, rules).filter((rule) => rule.enabled !== false);
      rulesInForce = inForce.length > 0;
      surveysInForce = inForce.some(isSurveyRule);
    } catch (cause) {
      // Runs inside start-up's promise chain (or loadRules'): a throw must not break either.
      return host.report(ERROR_CODES.internalError, `applying the rules failed: ${String(cause)}`, {}, cause);
    }
    if (rulesInForce) void dispatcher.load();
    if (surveysInForce) void surveys.load();
  };
  // The config's rules: applied now when the tools are at hand, else as soon as they have
  // loaded (while the store opens); start-up waits for them in `restore`.
  const configApplied = tools ? apply(tools) : options.rules?.length ? ruleTools().then(apply) : undefined;

  return {
    storeKeys: [CAPS_KEY, RULES_CACHE_KEY, SURVEYS_KEY],
    systemEvents: SURVEY_EVENTS,
    async restore(saved) {
      // As a synchronous start did: the config's rules, then the saved state, then the cached rules.
      await configApplied;
      engine.restore(saved[CAPS_KEY]);
      surveys.restore(saved[SURVEYS_KEY]);
      const cached = saved[RULES_CACHE_KEY];
      if (isRecord(cached) && Array.isArray(cached.rules)) apply(await ruleTools(), cached.rules);
      else if (cached !== undefined) {
        host.report(ERROR_CODES.storageCorrupt, `stored "${RULES_CACHE_KEY}" has the wrong shape; dropped`, { key: RULES_CACHE_KEY });
        // Deleted so the next start does not report it again.
        await host.write(RULES_CACHE_KEY, undefined);
      }
      // The first nudge is drawn at once. A failure is reported; the next offer tries again.
      await Promise.all([rulesInForce && dispatcher.load(), surveysInForce && surveys.load()]);
    },
    react(input) {
      const { event } = input;
      if (!input.system) engine.activity();
      if (event.type === 'track') surveyEvent(input.name, event.properties);
      // The engine reads the event, the attributes and the stage change of the same object.
      engine.handle(input);
    },
    // Another tab showed a nudge: it counts for this tab's caps too. Rules do not run on
    // other tabs' events: the tab where the event happened already did.
    receive(event, name) {
      if (event.type === 'track') surveyEvent(name, event.properties);
      // Another tab's exposure: this tab keeps that arm and does not log it again.
      if (name === SYSTEM_EVENTS.nudgeExposure && event.type === 'track') engine.exposed(event.properties, event.userId ?? event.anonymousId);
      if (name !== SYSTEM_EVENTS.nudgeShown) return undefined;
      const attributes = host.attributes();
      attributes.event = name;
      attributes.properties = event.type === 'identify' ? event.traits : event.properties;
      engine.handle({ event, attributes });
      return undefined;
    },
    reset(reason) {
      if (reason === 'forget') {
        engine.restore(undefined);
        surveys.restore(undefined);
      }
    },
    destroy() {
      destroyed = true;
      engine.destroy();
      dispatcher.destroy();
    },
    current: () => dispatcher.current(),
    regex: options.regex,
    async applyLoaded(result) {
      if (result.ok) {
        apply(await ruleTools(), result.rules);
        if (result.source !== 'cache') void host.write(RULES_CACHE_KEY, { rules: result.rules, version: result.version ?? null, at: clock.now() });
      }
      // Also when rules came from the cache: the network error behind that is worth knowing.
      if (result.error) onError(result.error);
      // Warnings are about rules that are kept: apply (above) reports them with the others in force.
      for (const issue of result.issues) if (!issue.warning) host.report(ERROR_CODES.invalidRule, `${issue.path}: ${issue.message}`, { path: issue.path });
    },
  };
}
