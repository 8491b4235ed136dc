/**
 * Validation of whole rules. A bad rule is reported with the path of each problem and
 * left out; the other rules still load. Nothing here throws.
 */
import { isRecord } from '../core/option-checks';
import type { RegexEngine } from './regex-engine';
import { STAGES } from '../core/types';
import type { RuleDefinition } from './types';
import { POLLUTING_KEYS, validateCondition, type ValidationIssue } from './validate-condition';
import { checkEnumValues, checkTriggerSees, didYouMean } from './validate-meaning';
import { validateArms } from './validate-variants';

const RULE_KEYS = new Set(['id', 'trigger', 'when', 'nudge', 'variants', 'cap', 'priority', 'holdout', 'version', 'sample', 'delayMs', 'schedule', 'goal', 'enabled', 'description']);
const TRIGGER_KEYS = ['event', 'stageChange', 'sessionStart', 'page', 'inactivityMs', 'milestone'] as const;
const CAP_KEYS = ['perSession', 'perDay', 'perWeek', 'lifetime', 'cooldownMs'] as const;
const STAGE_SET: ReadonlySet<string> = new Set(STAGES);
/** `2026-03-01`, `2026-03-01T09:00`, `2026-03-01T09:00:00`, optionally with seconds fraction and `Z` or `+01:00`. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Validates a list of rules (plain JSON or builders). Returns the valid rules and, for
 * each problem, its path and message. Duplicate ids: the first one wins.
 *
 * @example
 * ```ts
 * const { rules, issues } = validateRules([{ id: 'a', trigger: { event: 'x' }, when: { plan: { $gte: {} } }, nudge: { type: 'toast' } }]);
 * // rules: [], issues: [{ path: 'rules[0].when.plan.$gte', message: 'expected a number or a string' }]
 * ```
 */
export function validateRules(input: unknown, path = 'rules', regex?: RegexEngine): { rules: RuleDefinition[]; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const rules: RuleDefinition[] = [];
  if (!Array.isArray(input)) {
    issues.push({ path, message: 'expected an array of rules' });
    return { rules, issues };
  }
  const seen = new Map<string, number>();
  input.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    let candidate: unknown;
    try {
      candidate = toPlainRule(raw);
    } catch {
      issues.push({ path: at, message: 'could not read the rule' });
      return;
    }
    const before = issues.length;
    // A frozen rule found valid before (`checkedRules`) cannot have changed.
    const known = checked.get(candidate as object);
    if (!known || known.regex !== regex) validateRule(candidate, at, issues, regex);
    // Warnings keep the rule: they are reported, and it runs.
    for (let k = before; k < issues.length; k++) if (!issues[k]!.warning) return;
    const rule = candidate as RuleDefinition;
    const first = seen.get(rule.id);
    if (first !== undefined) {
      issues.push({ path: `${at}.id`, message: `duplicate id "${rule.id}" (first at ${path}[${first}])` });
      return;
    }
    seen.set(rule.id, i);
    rules.push(rule);
  });
  return { rules, issues };
}

// Rules `checkedRules` froze after finding nothing wrong with them, and the regex engine they were checked with.
const checked = new WeakMap<object, { regex: RegexEngine | undefined }>();

/**
 * Deep-frozen copies of valid rules (as `validateRules` returned them). `validateRules` takes
 * those it found nothing to warn about again without checking them again: they cannot have
 * changed. For a tool that sets the same rules up many times, such as the simulator (one
 * rule engine per replayed user), where checking them again cost more than replaying a
 * user's first events.
 *
 * @example
 * ```ts
 * const { rules } = validateRules(json);
 * const frozen = checkedRules(rules);
 * validateRules(frozen); // not checked again
 * ```
 */
export function checkedRules(rules: readonly RuleDefinition[], regex?: RegexEngine): RuleDefinition[] {
  return rules.map((rule) => {
    const copy = deepFreeze(structuredClone(rule));
    const issues: ValidationIssue[] = [];
    validateRule(copy, '', issues, regex);
    // A rule with warnings is checked each time, so that each time reports them.
    if (issues.length === 0) checked.set(copy, { regex });
    return copy;
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** A builder (anything with `toJSON`) becomes its JSON; anything else is taken as is. */
function toPlainRule(raw: unknown): unknown {
  if (raw !== null && typeof raw === 'object' && typeof (raw as { toJSON?: unknown }).toJSON === 'function') {
    return (raw as { toJSON: () => unknown }).toJSON();
  }
  return raw;
}

/**
 * Validates one rule, appending problems to `issues`.
 *
 * @example
 * ```ts
 * const issues: ValidationIssue[] = [];
 * validateRule({ id: 'x' }, 'rules[0]', issues); // trigger and nudge are required
 * ```
 */
export function validateRule(rule: unknown, path: string, issues: ValidationIssue[], regex?: RegexEngine): void {
  const problem = (at: string, message: string) => void issues.push({ path: at, message });
  if (!isRecord(rule)) return problem(path, 'expected a rule object');
  for (const key of Object.keys(rule)) {
    if (POLLUTING_KEYS.has(key)) problem(`${path}.${key}`, 'forbidden key');
    else if (!RULE_KEYS.has(key)) problem(`${path}.${key}`, 'unknown field');
  }
  if (typeof rule.id !== 'string' || rule.id.length === 0 || rule.id.length > 128) problem(`${path}.id`, 'expected a non-empty string of at most 128 characters');
  else if (POLLUTING_KEYS.has(rule.id)) problem(`${path}.id`, 'forbidden id');
  validateTrigger(rule.trigger, `${path}.trigger`, issues, regex);
  if (rule.when !== undefined) {
    const before = issues.length;
    validateCondition(rule.when, `${path}.when`, issues, 0, regex);
    checkEnumValues(rule.when, `${path}.when`, issues);
    if (issues.length === before) checkTriggerSees(rule.trigger, rule.when, path, issues);
  }
  validateArms(rule, path, issues);
  if (rule.cap !== undefined) validateCap(rule.cap, `${path}.cap`, issues);
  if (rule.priority !== undefined && !isFiniteNumber(rule.priority)) problem(`${path}.priority`, 'expected a number');
  for (const key of ['holdout', 'sample'] as const) {
    const share = rule[key];
    if (share !== undefined && !(isFiniteNumber(share) && share >= 0 && share <= 1)) problem(`${path}.${key}`, 'expected a number from 0 to 1');
  }
  if (rule.delayMs !== undefined && !(isFiniteNumber(rule.delayMs) && rule.delayMs >= 0)) problem(`${path}.delayMs`, 'expected a number of milliseconds ≥ 0');
  if (rule.schedule !== undefined) validateSchedule(rule.schedule, `${path}.schedule`, issues);
  if (rule.goal !== undefined) {
    const goal = rule.goal;
    if (!isRecord(goal)) problem(`${path}.goal`, 'expected { event, withinMs }');
    else {
      if (!isName(goal.event)) problem(`${path}.goal.event`, 'expected an event name');
      if (!(isFiniteNumber(goal.withinMs) && goal.withinMs > 0)) problem(`${path}.goal.withinMs`, 'expected a positive number of milliseconds');
      onlyKeys(goal, ['event', 'withinMs'], `${path}.goal`, issues);
    }
  }
  if (rule.enabled !== undefined && typeof rule.enabled !== 'boolean') problem(`${path}.enabled`, 'expected true or false');
  if (rule.description !== undefined && typeof rule.description !== 'string') problem(`${path}.description`, 'expected a string');
}

function validateTrigger(trigger: unknown, path: string, issues: ValidationIssue[], regex: RegexEngine | undefined): void {
  const problem = (at: string, message: string) => void issues.push({ path: at, message });
  if (!isRecord(trigger)) return problem(path, `expected a trigger object with one of ${TRIGGER_KEYS.join(', ')}`);
  const forms = TRIGGER_KEYS.filter((k) => k in trigger);
  if (forms.length !== 1) return problem(path, `expected exactly one of ${TRIGGER_KEYS.join(', ')}`);
  const form = forms[0]!;
  const value = trigger[form];
  const at = `${path}.${form}`;
  onlyKeys(trigger, form === 'event' ? ['event', 'where'] : [form], path, issues);
  switch (form) {
    case 'event':
      if (!isName(value)) problem(at, 'expected an event name');
      if (trigger.where !== undefined) validateCondition(trigger.where, `${path}.where`, issues, 0, regex);
      return;
    case 'stageChange':
      if (!isRecord(value)) return problem(at, 'expected { from?, to? }');
      for (const k of ['from', 'to'] as const) {
        const stage = value[k];
        if (stage !== undefined && !(typeof stage === 'string' && STAGE_SET.has(stage))) {
          problem(`${at}.${k}`, `expected one of ${STAGES.join(', ')}${typeof stage === 'string' ? didYouMean(stage, STAGES) : ''}`);
        }
      }
      return onlyKeys(value, ['from', 'to'], at, issues);
    case 'sessionStart':
      if (value !== true) problem(at, 'expected true');
      return;
    case 'page':
      if (typeof value !== 'string' || value.length === 0 || value.length > 512) problem(at, 'expected a path glob such as "/pricing*"');
      return;
    case 'inactivityMs':
      if (!(isFiniteNumber(value) && value >= 1000 && value <= 2 ** 31 - 1)) problem(at, 'expected milliseconds from 1000 to 2147483647');
      return;
    case 'milestone':
      if (!isRecord(value)) return problem(at, 'expected { event, count }');
      if (!isName(value.event)) problem(`${at}.event`, 'expected an event name');
      if (!(Number.isInteger(value.count) && (value.count as number) > 0)) problem(`${at}.count`, 'expected a positive integer');
      return onlyKeys(value, ['event', 'count'], at, issues);
  }
}

function validateCap(cap: unknown, path: string, issues: ValidationIssue[]): void {
  if (!isRecord(cap)) return void issues.push({ path, message: 'expected a cap object' });
  for (const key of CAP_KEYS) {
    const value = cap[key];
    if (value === undefined) continue;
    const ok = key === 'cooldownMs' ? isFiniteNumber(value) && value >= 0 : Number.isInteger(value) && (value as number) >= 0;
    if (!ok) issues.push({ path: `${path}.${key}`, message: key === 'cooldownMs' ? 'expected milliseconds ≥ 0' : 'expected an integer ≥ 0' });
  }
  onlyKeys(cap, CAP_KEYS, path, issues);
}

function validateSchedule(schedule: unknown, path: string, issues: ValidationIssue[]): void {
  const problem = (at: string, message: string) => void issues.push({ path: at, message });
  if (!isRecord(schedule)) return problem(path, 'expected a schedule object');
  for (const key of ['start', 'end'] as const) {
    const value = schedule[key];
    if (value !== undefined && !(typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)))) {
      problem(`${path}.${key}`, 'expected an ISO 8601 date or date-time');
    }
  }
  const days = schedule.daysOfWeek;
  if (days !== undefined && !(Array.isArray(days) && days.length > 0 && days.every((d) => Number.isInteger(d) && d >= 0 && d <= 6))) {
    problem(`${path}.daysOfWeek`, 'expected a non-empty array of integers 0 (Sunday) to 6 (Saturday)');
  }
  const quiet = schedule.quietHours;
  if (quiet !== undefined) {
    if (!isRecord(quiet)) problem(`${path}.quietHours`, 'expected { from: "HH:MM", to: "HH:MM" }');
    else {
      for (const k of ['from', 'to'] as const) if (typeof quiet[k] !== 'string' || !HH_MM.test(quiet[k] as string)) problem(`${path}.quietHours.${k}`, 'expected "HH:MM" (24 h)');
      if (quiet.from === quiet.to) problem(`${path}.quietHours`, 'from and to are equal');
      onlyKeys(quiet, ['from', 'to'], `${path}.quietHours`, issues);
    }
  }
  onlyKeys(schedule, ['start', 'end', 'daysOfWeek', 'quietHours'], path, issues);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], path: string, issues: ValidationIssue[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) issues.push({ path: `${path}.${key}`, message: POLLUTING_KEYS.has(key) ? 'forbidden key' : 'unknown field' });
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}
