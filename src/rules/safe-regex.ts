/**
 * `$regex` patterns may come from a server, and JavaScript's regex engine backtracks:
 * `(a+)+$` against forty `a`s and a `!` would outlive the page, `^(a|.)(a|.)...b` with
 * 27 groups takes seconds without a single quantifier, and even `.*x` costs milliseconds
 * on 1,024 characters. So:
 *
 * - a pattern longer than {@link MAX_PATTERN_LENGTH} is refused, and an input longer
 *   than {@link MAX_INPUT_LENGTH} does not match (fail closed);
 * - a pattern runs on the native engine only when its backtracking is provably small:
 *   `regex-cost.ts` bounds the engine's steps on a capped input from the pattern's tree,
 *   and the bound must stay under {@link MAX_NATIVE_STEPS};
 * - any other pattern runs on NudgeKit's linear-time matcher (`regex-nfa.ts`), whose work
 *   is at most (input length + 1) × program size, and capped. Back-references and
 *   lookarounds cannot be matched that way, so such a pattern is refused.
 */
import { compileTree } from './regex-nfa';
import { backtrackingBound } from './regex-cost';
import { parseRegex, type RegexNode } from './regex-parse';

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

/**
 * Most backtracking steps a pattern may need, on a capped input, to run on the native engine.
 * `(Mobile|Tablet)` needs at most 13,324 and `Chrome/\\d+` 10,249; `.*x` could need two
 * million, so it runs on the linear-time matcher. Patterns just under the limit took up to
 * 0.16 ms of CPU per test on a shared 2-core machine under a load of 6 to 10.
 */
export const MAX_NATIVE_STEPS = 50_000;

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
 * compileSafeRegex('(a)\\1+', false);         // { reason: 'back-references cannot be used ...' }
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
  let tree: RegexNode;
  try {
    tree = parseRegex(pattern, insensitive);
  } catch {
    // Syntax the parser does not model (a legacy octal escape): native only if nothing can repeat or branch.
    return /[()|*+?{]/.test(pattern) ? { reason: 'unsupported syntax' } : { regex: native };
  }
  if (backtrackingBound(tree, MAX_INPUT_LENGTH) <= MAX_NATIVE_STEPS) return { regex: native };
  try {
    return { regex: compileTree(tree) };
  } catch (error) {
    // compileTree throws a RangeError for size, an UnsupportedRegex ('lookaround', 'back-reference') otherwise.
    return { reason: error instanceof RangeError ? 'pattern too complex' : `${(error as Error).message}s cannot be used in a pattern that could backtrack heavily` };
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
