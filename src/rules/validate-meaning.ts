/**
 * Checks of what a valid-looking rule means, beyond its shape:
 *
 * - values of the known enums (`stage`, `previousStage`, `tier` in a condition) must be known
 *   values, with a "did you mean" suggestion, because `{ stage: 'slient' }` would otherwise
 *   never match and nothing would say why;
 * - a condition its trigger can never see gets a warning (the rule is kept): on
 *   `sessionStart` the session's start is already activity, so the user is no longer `silent`
 *   or `churned` and `daysSinceLastActive` is 0 (`previousStage` and `daysAway` hold what
 *   the user was before the session).
 */
import { isRecord } from '../core/option-checks';
import { STAGES, TIERS } from '../core/types';
import { evalCondition } from './condition';
import type { ValidationIssue } from './validate-condition';

const KNOWN: Readonly<Record<string, readonly string[]>> = { stage: STAGES, previousStage: STAGES, tier: TIERS };
/** Operators whose operand is one value of the field, or a list of them. */
const ONE = new Set(['$eq', '$ne']);
const LIST = new Set(['$in', '$nin', '$all']);
/** What a session-start condition sees with the default activity events (session_start counts). */
const SEEN_AT_SESSION_START = { stages: ['potential', 'new', 'active', 'resurrected'], daysSinceLastActive: 0 };

/**
 * ` (did you mean "silent"?)` for a value close to one of `known` (at most 2 edits, or a
 * different case), else ''.
 *
 * @example
 * ```ts
 * didYouMean('slient', STAGES); // ' (did you mean "silent"?)'
 * ```
 */
export function didYouMean(value: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = candidate.toLowerCase() === value.toLowerCase() ? 0 : editDistance(value, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

/** Levenshtein distance, for short enum names only. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** The problem with `value` as one of `known`, or undefined. */
export function unknownValue(value: unknown, known: readonly string[], what: string): string | undefined {
  if (typeof value !== 'string' || known.includes(value)) return undefined;
  return `unknown ${what} "${value}"${didYouMean(value, known)}; expected one of ${known.join(', ')}`;
}

/**
 * Appends an issue for each unknown value of a known enum field in `condition` (at the top,
 * and inside `$and`, `$or`, `$nor`, `$not`). Runs after `validateCondition`.
 *
 * @example
 * ```ts
 * checkEnumValues({ stage: 'slient' }, 'rules[0].when', issues); // unknown stage "slient" (did you mean "silent"?)
 * ```
 */
export function checkEnumValues(condition: unknown, path: string, issues: ValidationIssue[], depth = 0): void {
  if (!isRecord(condition) || depth > 16) return;
  for (const [key, value] of Object.entries(condition)) {
    const at = `${path}.${key}`;
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (Array.isArray(value)) value.forEach((c, i) => checkEnumValues(c, `${at}[${i}]`, issues, depth + 1));
    } else if (key === '$not') checkEnumValues(value, at, issues, depth + 1);
    else if (KNOWN[key]) checkOperand(value, at, KNOWN[key]!, key === 'tier' ? 'tier' : 'stage', issues, depth);
  }
}

function checkOperand(value: unknown, path: string, known: readonly string[], what: string, issues: ValidationIssue[], depth: number): void {
  const one = (v: unknown, at: string) => {
    const problem = unknownValue(v, known, what);
    if (problem) issues.push({ path: at, message: problem });
  };
  if (!isRecord(value)) return one(value, path);
  for (const [op, operand] of Object.entries(value)) {
    if (ONE.has(op)) one(operand, `${path}.${op}`);
    else if (LIST.has(op) && Array.isArray(operand)) operand.forEach((v, i) => one(v, `${path}.${op}[${i}]`));
    else if (op === '$not' && depth < 16) checkOperand(operand, `${path}.$not`, known, what, issues, depth + 1);
  }
}

/**
 * Appends warnings for parts of `when` that the trigger can never see. Only the fields at
 * the top of `when` and of a top-level `$and` are judged; anything else is left alone.
 *
 * @example
 * ```ts
 * checkTriggerSees({ sessionStart: true }, { stage: 'silent' }, 'rules[0]', issues); // a warning: use previousStage
 * ```
 */
export function checkTriggerSees(trigger: unknown, when: unknown, path: string, issues: ValidationIssue[]): void {
  if (!isRecord(trigger) || !isRecord(when)) return;
  const fields: Array<[string, unknown, string]> = [];
  for (const [key, value] of Object.entries(when)) {
    if (key === '$and' && Array.isArray(value)) {
      value.forEach((c, i) => isRecord(c) && Object.entries(c).forEach(([k, v]) => fields.push([k, v, `${path}.when.$and[${i}].${k}`])));
    } else fields.push([key, value, `${path}.when.${key}`]);
  }
  const matches = (field: string, condition: unknown, value: unknown) => {
    try {
      return evalCondition({ [field]: value }, { [field]: condition } as never);
    } catch {
      return true; // not judged
    }
  };
  const warn = (at: string, message: string) => issues.push({ path: at, message, warning: true });
  if (trigger.sessionStart === true) {
    for (const [field, condition, at] of fields) {
      if (field === 'stage' && !SEEN_AT_SESSION_START.stages.some((s) => matches('stage', condition, s))) {
        warn(at, 'a sessionStart condition sees the stage after the session started: a returning user is already resurrected (or active, new, potential), never silent or churned. Use previousStage, the stage before this session, or daysAway');
      } else if (field === 'daysSinceLastActive' && !matches(field, condition, SEEN_AT_SESSION_START.daysSinceLastActive)) {
        warn(at, 'a sessionStart condition sees daysSinceLastActive = 0 (the session start is activity). Use daysAway, the whole days away before this session');
      }
    }
  }
  const change = trigger.stageChange;
  if (isRecord(change) && typeof change.to === 'string') {
    for (const [field, condition, at] of fields) {
      if (field === 'stage' && !matches('stage', condition, change.to)) warn(at, `this rule's trigger moves the stage to "${change.to}", which its condition on stage never accepts`);
    }
  }
}
