/**
 * Validation of what a rule shows: its `nudge`, or its `variants` (never both), and the
 * experiment's `version`.
 */
import { isRecord } from '../core/option-checks';
import { POLLUTING_KEYS, type ValidationIssue } from './validate-condition';
import { validateNudge } from './validate-nudge';

/** Most variants in one rule: each is a key of every exposure's `weights`. */
export const MAX_VARIANTS = 20;

/**
 * Appends the problems of `rule.nudge`, `rule.variants` and `rule.version` to `issues`.
 *
 * @example
 * ```ts
 * const issues: ValidationIssue[] = [];
 * validateArms({ variants: [{ id: 'a', nudge: { type: 'toast' } }, { id: 'b', weight: 0, nudge: { type: 'toast' } }] }, 'rules[0]', issues);
 * // [{ path: 'rules[0].variants[1].weight', message: 'expected a number > 0' }]
 * ```
 */
export function validateArms(rule: Record<string, unknown>, path: string, issues: ValidationIssue[]): void {
  const problem = (at: string, message: string) => void issues.push({ path: at, message });
  const version = rule.version;
  if (version !== undefined && !((typeof version === 'string' && version.length > 0 && version.length <= 64) || (typeof version === 'number' && Number.isFinite(version)))) {
    problem(`${path}.version`, 'expected a string (1 to 64 characters) or a number');
  }
  const variants = rule.variants;
  const ruleId = typeof rule.id === 'string' ? rule.id : undefined;
  if (variants === undefined) return validateNudge(rule.nudge, `${path}.nudge`, issues, ruleId);
  if (rule.nudge !== undefined) problem(`${path}.nudge`, 'a rule has either nudge or variants, not both');
  if (!Array.isArray(variants) || variants.length === 0 || variants.length > MAX_VARIANTS) {
    return problem(`${path}.variants`, `expected an array of 1 to ${MAX_VARIANTS} variants { id, weight?, nudge }`);
  }
  const seen = new Map<string, number>();
  variants.forEach((variant: unknown, i) => {
    const at = `${path}.variants[${i}]`;
    if (!isRecord(variant)) return problem(at, 'expected { id, weight?, nudge }');
    for (const key of Object.keys(variant)) {
      if (key !== 'id' && key !== 'weight' && key !== 'nudge') problem(`${at}.${key}`, POLLUTING_KEYS.has(key) ? 'forbidden key' : 'unknown field');
    }
    const id = variant.id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 64) problem(`${at}.id`, 'expected a non-empty string of at most 64 characters');
    else if (POLLUTING_KEYS.has(id)) problem(`${at}.id`, 'forbidden id');
    else if (id === 'holdout') problem(`${at}.id`, '"holdout" is the control arm\'s id');
    else if (seen.has(id)) problem(`${at}.id`, `duplicate variant id "${id}" (first at ${path}.variants[${seen.get(id)}])`);
    else seen.set(id, i);
    const weight = variant.weight;
    if (weight !== undefined && !(typeof weight === 'number' && Number.isFinite(weight) && weight > 0)) problem(`${at}.weight`, 'expected a number > 0');
    validateNudge(variant.nudge, `${at}.nudge`, issues, ruleId);
  });
}
