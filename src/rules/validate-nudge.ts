/**
 * A minimal check of a rule's `nudge`: the nudges module owns the model and renders it
 * safely; here we only make sure a rule from a server carries something of the right shape.
 */
import { isPlainObject } from './predicates';
import { POLLUTING_KEYS, type ValidationIssue } from './validate-condition';

const NUDGE_TYPES: ReadonlySet<string> = new Set(['modal', 'banner', 'toast', 'custom']);
const STRING_FIELDS = ['title', 'body', 'placement'] as const;

/**
 * Appends problems of `nudge` to `issues`: the type must be one of modal, banner, toast,
 * custom; texts must be strings; actions need a string label and, if present, string url and
 * action, and `traits` as a plain JSON object without `__proto__`, `constructor` or `prototype`.
 *
 * @example
 * ```ts
 * const issues: ValidationIssue[] = [];
 * validateNudge({ type: 'popup' }, 'rules[0].nudge', issues); // type: expected one of modal, banner, toast, custom
 * ```
 */
export function validateNudge(nudge: unknown, path: string, issues: ValidationIssue[]): void {
  const problem = (at: string, message: string) => void issues.push({ path: at, message });
  if (!isPlainObject(nudge)) return problem(path, 'expected a nudge object');
  for (const key of Object.keys(nudge)) if (POLLUTING_KEYS.has(key)) problem(`${path}.${key}`, 'forbidden key');
  if (typeof nudge.type !== 'string' || !NUDGE_TYPES.has(nudge.type)) problem(`${path}.type`, `expected one of ${[...NUDGE_TYPES].join(', ')}`);
  for (const key of STRING_FIELDS) if (nudge[key] !== undefined && typeof nudge[key] !== 'string') problem(`${path}.${key}`, 'expected a string');
  for (const key of ['primary', 'secondary'] as const) {
    const action = nudge[key];
    if (action === undefined) continue;
    if (!isPlainObject(action)) {
      problem(`${path}.${key}`, 'expected { label, url?, action? }');
      continue;
    }
    if (typeof action.label !== 'string') problem(`${path}.${key}.label`, 'expected a string');
    if (action.url !== undefined && typeof action.url !== 'string') problem(`${path}.${key}.url`, 'expected a string');
    if (action.action !== undefined && typeof action.action !== 'string') problem(`${path}.${key}.action`, 'expected a string');
    // Traits reach the client's identify(): plain JSON only, no key that could reach a prototype.
    if (action.traits !== undefined) {
      if (!isJsonObject(action.traits)) problem(`${path}.${key}.traits`, 'expected an object');
      else checkJson(action.traits, `${path}.${key}.traits`, issues, 0);
    }
  }
  const image = nudge.image;
  if (image !== undefined && !(isPlainObject(image) && typeof image.src === 'string' && typeof image.alt === 'string')) {
    problem(`${path}.image`, 'expected { src: string, alt: string }');
  }
  const auto = nudge.autoDismissMs;
  if (auto !== undefined && !(typeof auto === 'number' && Number.isFinite(auto) && auto >= 0)) problem(`${path}.autoDismissMs`, 'expected milliseconds ≥ 0');
  if (nudge.data !== undefined && !isPlainObject(nudge.data)) problem(`${path}.data`, 'expected an object');
  else if (nudge.data !== undefined) checkNoPollutingKeys(nudge.data, `${path}.data`, issues, 0);
}

function checkNoPollutingKeys(value: unknown, path: string, issues: ValidationIssue[], depth: number): void {
  if (depth > 16 || value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (POLLUTING_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: 'forbidden key' });
    else checkNoPollutingKeys((value as Record<string, unknown>)[key], `${path}.${key}`, issues, depth + 1);
  }
}

/** Plain JSON (strings, finite numbers, booleans, null, arrays, plain objects), at most 16 levels, no polluting keys. */
function checkJson(value: unknown, path: string, issues: ValidationIssue[], depth: number): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) issues.push({ path, message: 'expected a finite number' });
    return;
  }
  if (depth >= 16) return void issues.push({ path, message: 'nested too deeply' });
  if (Array.isArray(value)) return value.forEach((item, k) => checkJson(item, `${path}[${k}]`, issues, depth + 1));
  if (!isJsonObject(value)) return void issues.push({ path, message: 'expected a JSON value' });
  for (const key of Object.keys(value)) {
    if (POLLUTING_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: 'forbidden key' });
    else checkJson(value[key], `${path}.${key}`, issues, depth + 1);
  }
}

/** An object literal or JSON.parse result: not a Date, Map or class instance. */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
