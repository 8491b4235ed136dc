/**
 * `$regex` patterns may come from a server, and JavaScript's regex engine backtracks:
 * `(a+)+$` against forty `a`s and a `!` would outlive the page, and even `.*.*.*x`
 * takes tens of seconds on 500 characters. So:
 *
 * - a pattern longer than {@link MAX_PATTERN_LENGTH} is refused, and an input longer
 *   than {@link MAX_INPUT_LENGTH} does not match (fail closed);
 * - a pattern with at most one quantifier, not applied to a group, runs on the native
 *   engine: its backtracking is bounded by O(n²) on the capped input;
 * - any other pattern runs on NudgeKit's linear-time matcher (`regex-nfa.ts`), whose cost
 *   is O(input × pattern) whatever the pattern. Back-references and lookarounds cannot be
 *   matched that way, so such a pattern with repetition is refused.
 */
import { compileLinearRegex } from './regex-nfa';

/**
 * Longest accepted pattern, in UTF-16 code units.
 *
 * @example
 * ```ts
 * evalCondition({ s: 'x' }, { s: { $regex: 'x'.repeat(MAX_PATTERN_LENGTH + 1) } }); // false: refused
 * ```
 */
export const MAX_PATTERN_LENGTH = 256;
/**
 * Longest string a pattern is tested against; longer strings do not match (fail closed).
 *
 * @example
 * ```ts
 * evalCondition({ s: 'a'.repeat(MAX_INPUT_LENGTH + 1) }, { s: { $regex: '^a' } }); // false
 * ```
 */
export const MAX_INPUT_LENGTH = 1024;

/** Something with `RegExp`'s `test`. */
export interface SafeRegex {
  test(input: string): boolean;
}

/**
 * Compiles `pattern` for safe use, or explains why it is refused.
 *
 * @example
 * ```ts
 * compileSafeRegex('(Mobile|Tablet)', false); // { regex } (native)
 * compileSafeRegex('(a+)+$', false);          // { regex } (linear-time matcher)
 * compileSafeRegex('(a)\\1+', false);         // { reason: 'back-references ...' }
 * ```
 */
export function compileSafeRegex(pattern: string, insensitive: boolean): { regex: SafeRegex } | { reason: string } {
  if (pattern.length > MAX_PATTERN_LENGTH) return { reason: `pattern longer than ${MAX_PATTERN_LENGTH} characters` };
  let native: RegExp;
  try {
    native = new RegExp(pattern, insensitive ? 'i' : undefined);
  } catch {
    return { reason: 'invalid regular expression' };
  }
  if (backtracksLittle(pattern)) return { regex: native };
  try {
    return { regex: compileLinearRegex(pattern, insensitive) };
  } catch (error) {
    return { reason: error instanceof RangeError ? 'pattern too complex' : 'back-references and lookarounds cannot be combined with repetition' };
  }
}

/**
 * Compiles `pattern` if it is valid and safe, else returns `undefined` (fail closed).
 *
 * @example
 * ```ts
 * safeRegExp('-12-25$', false)?.test('1980-12-25'); // true
 * ```
 */
export function safeRegExp(pattern: string, insensitive: boolean): SafeRegex | undefined {
  const compiled = compileSafeRegex(pattern, insensitive);
  return 'regex' in compiled ? compiled.regex : undefined;
}

/** Why a pattern is refused, or `undefined` when it can be used. */
export function unsafePatternReason(pattern: string): string | undefined {
  const compiled = compileSafeRegex(pattern, false);
  return 'reason' in compiled ? compiled.reason : undefined;
}

/** At most one quantifier, and not on a group: the native engine cannot blow up on it. */
function backtracksLittle(pattern: string): boolean {
  let quantifiers = 0;
  let inClass = false;
  let afterGroup = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      afterGroup = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '*' || c === '+' || c === '{' || (c === '?' && pattern[i - 1] !== '(')) {
      // A lazy `?` after a quantifier is part of it, not a second one.
      const lazy = c === '?' && /[*+?}]/.test(pattern[i - 1] ?? '') && pattern[i - 2] !== '\\';
      if (!lazy) {
        if (afterGroup) return false;
        if (++quantifiers > 1) return false;
      }
    }
    afterGroup = c === ')';
  }
  return true;
}

/**
 * Tests `value` as GrowthBook does (the value is turned into a string), refusing inputs
 * over {@link MAX_INPUT_LENGTH}.
 */
export function testCapped(regex: SafeRegex, value: unknown): boolean {
  // RegExp.prototype.test turns the value into a string, and throws for a Symbol.
  if (typeof value === 'symbol') return false;
  const text = typeof value === 'string' ? value : String(value);
  if (text.length > MAX_INPUT_LENGTH) return false;
  return regex.test(text);
}
