/**
 * A minimal check of a rule's `nudge`: the nudges module owns the model and renders it
 * safely; here we only make sure a rule from a server carries something of the right shape.
 */
import { isRecord } from '../core/option-checks';
import { POLLUTING_KEYS, type ValidationIssue } from './validate-condition';
import { validateSurvey } from './validate-survey';
import { didYouMean } from './validate-meaning';
import { isSafeUrl } from '../nudges/safe-url';

const NUDGE_TYPE_LIST = ['modal', 'banner', 'toast', 'custom', 'survey'];
const NUDGE_TYPES: ReadonlySet<string> = new Set(NUDGE_TYPE_LIST);
const STRING_FIELDS = ['title', 'body', 'placement', 'thanks'] as const;

/**
 * Appends problems of `nudge` to `issues`: the type must be one of modal, banner, toast,
 * custom, survey (which needs a `question`, see validate-survey.ts); texts must be strings; actions need a string label and, if present, string url and
 * action, and `traits` as a plain JSON object without `__proto__`, `constructor` or `prototype`.
 *
 * @example
 * ```ts
 * const issues: ValidationIssue[] = [];
 * validateNudge({ type: 'popup' }, 'rules[0].nudge', issues); // type: expected one of modal, banner, toast, custom
 * ```
 */
export function validateNudge(nudge: unknown, path: string, issues: ValidationIssue[], ruleId?: string): void {
  const problem = (at: string, message: string) => void issues.push({ path: at, message });
  if (!isRecord(nudge)) return problem(path, 'expected a nudge object');
  for (const key of Object.keys(nudge)) if (POLLUTING_KEYS.has(key)) problem(`${path}.${key}`, 'forbidden key');
  if (typeof nudge.type !== 'string' || !NUDGE_TYPES.has(nudge.type)) {
    problem(`${path}.type`, `expected one of ${NUDGE_TYPE_LIST.join(', ')}${typeof nudge.type === 'string' ? didYouMean(nudge.type, NUDGE_TYPE_LIST) : ''}`);
  }
  // Refused here, naming the rule, not only when the nudge would show (and be dropped there).
  const unsafe = (at: string, url: unknown) => {
    if (typeof url === 'string' && url !== '' && !isSafeUrl(url)) {
      problem(at, `unsafe URL ${JSON.stringify(url.slice(0, 60))}${ruleId === undefined ? '' : ` in rule "${ruleId}"`}: only http:, https: and relative URLs are allowed`);
    }
  };
  for (const key of STRING_FIELDS) if (nudge[key] !== undefined && typeof nudge[key] !== 'string') problem(`${path}.${key}`, 'expected a string');
  for (const key of ['primary', 'secondary'] as const) {
    const action = nudge[key];
    if (action === undefined) continue;
    if (!isRecord(action)) {
      problem(`${path}.${key}`, 'expected { label, url?, action? }');
      continue;
    }
    for (const field of ['label', 'url', 'action']) {
      if ((field === 'label' || action[field] !== undefined) && typeof action[field] !== 'string') problem(`${path}.${key}.${field}`, 'expected a string');
    }
    // Traits reach the client's identify(): plain JSON only, no key that could reach a prototype.
    if (action.traits !== undefined) walk(action.traits, `${path}.${key}.traits`, issues, true);
    unsafe(`${path}.${key}.url`, action.url);
  }
  const image = nudge.image;
  if (image !== undefined && !(isRecord(image) && typeof image.src === 'string' && typeof image.alt === 'string')) {
    problem(`${path}.image`, 'expected { src: string, alt: string }');
  } else if (image !== undefined) unsafe(`${path}.image.src`, image.src);
  const auto = nudge.autoDismissMs;
  if (auto !== undefined && !(typeof auto === 'number' && Number.isFinite(auto) && auto >= 0)) problem(`${path}.autoDismissMs`, 'expected milliseconds ≥ 0');
  if (nudge.data !== undefined) walk(nudge.data, `${path}.data`, issues, false);
  if (nudge.type === 'survey') validateSurvey(nudge, path, issues);
}

/**
 * Checks an object: at the top an object (with `json`, an object literal), then at any depth
 * (up to 16 levels) no polluting key and, with `json`, nothing but JSON values.
 */
function walk(value: unknown, path: string, issues: ValidationIssue[], json: boolean, depth = 0): void {
  const problem = (message: string) => void issues.push({ path, message });
  if (depth === 0 && !(json ? isJsonObject(value) : isRecord(value))) return problem('expected an object');
  if (value === null || typeof value !== 'object') {
    if (json && !(value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value))) problem('expected a JSON value');
    return;
  }
  if (depth >= 16) return problem('nested more than 16 levels');
  const array = Array.isArray(value);
  if (json && !array && !isJsonObject(value)) return problem('expected a JSON value');
  for (const key of Object.keys(value)) {
    if (POLLUTING_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: 'forbidden key' });
    else walk((value as Record<string, unknown>)[key], array ? `${path}[${key}]` : `${path}.${key}`, issues, json, depth + 1);
  }
}

/** An object literal or JSON.parse result: not a Date, Map or class instance. */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
