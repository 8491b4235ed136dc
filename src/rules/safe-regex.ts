/**
 * `$regex` patterns may come from a server, and JavaScript's regex engine backtracks:
 * `(a+)+$` against forty `a`s and a `!` takes longer than the age of the page. So
 * patterns are checked before use and inputs are capped:
 *
 * - a pattern longer than {@link MAX_PATTERN_LENGTH} is refused;
 * - a quantifier applied to a group that itself contains a quantifier or an alternation
 *   (`(a+)+`, `(a|aa)*`, `(?:x*y)*`) is refused: that is where exponential backtracking lives;
 * - back-references and lookarounds are refused (they defeat the analysis);
 * - more than {@link MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers (`*`, `+`, `{n,}`) are refused,
 *   and an input longer than {@link MAX_INPUT_LENGTH} does not match, which bounds the
 *   polynomial backtracking that is left (`.*.*.*x`) to a few milliseconds.
 */

/** Longest accepted pattern, in UTF-16 code units. */
export const MAX_PATTERN_LENGTH = 256;
/** Longest string a pattern is tested against; longer strings do not match (fail closed). */
export const MAX_INPUT_LENGTH = 512;
/** Most unbounded quantifiers one pattern may hold. */
export const MAX_UNBOUNDED_QUANTIFIERS = 3;

/** Why a pattern was refused, or `undefined` when it is safe to compile. */
export function unsafePatternReason(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  // One frame per open group: whether it holds a quantifier or an alternation so far.
  const stack: { risky: boolean }[] = [{ risky: false }];
  let unbounded = 0;
  let inClass = false;
  // Whether the atom just closed was a group whose content is risky.
  let lastGroupRisky = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const top = stack[stack.length - 1]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || next === 'k')) return 'back-references are not allowed';
      i++;
      lastGroupRisky = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      lastGroupRisky = false;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] === '?' && (pattern[i + 2] === '=' || pattern[i + 2] === '!' || (pattern[i + 2] === '<' && (pattern[i + 3] === '=' || pattern[i + 3] === '!')))) {
        return 'lookarounds are not allowed';
      }
      stack.push({ risky: false });
      lastGroupRisky = false;
      // Skip the group's prefix (`(?:`, `(?<name>`) so its `?` is not read as a quantifier.
      if (pattern[i + 1] === '?') {
        if (pattern[i + 2] === '<') {
          const close = pattern.indexOf('>', i + 3);
          i = close < 0 ? i + 2 : close;
        } else {
          i += 2;
        }
      }
      continue;
    }
    if (c === ')') {
      const closed = stack.length > 1 ? stack.pop()! : top;
      lastGroupRisky = closed.risky;
      // A group's risk is also its parent's: `((a+)b)+` nests a quantifier too.
      if (closed.risky) stack[stack.length - 1]!.risky = true;
      continue;
    }
    if (c === '|') {
      top.risky = true;
      lastGroupRisky = false;
      continue;
    }
    const quantifier = quantifierAt(pattern, i);
    if (quantifier) {
      if (lastGroupRisky) return 'a repeated group holds a quantifier or an alternation (catastrophic backtracking)';
      if (quantifier.unbounded) unbounded++;
      if (unbounded > MAX_UNBOUNDED_QUANTIFIERS) return `more than ${MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers`;
      top.risky = true;
      i = quantifier.end;
      // A lazy or possessive marker belongs to the quantifier.
      if (pattern[i + 1] === '?') i++;
      lastGroupRisky = false;
      continue;
    }
    lastGroupRisky = false;
  }
  return undefined;
}

/** A quantifier starting at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`), with the index of its last character. */
function quantifierAt(pattern: string, i: number): { unbounded: boolean; end: number } | undefined {
  const c = pattern[i];
  if (c === '*' || c === '+') return { unbounded: true, end: i };
  if (c === '?') return { unbounded: false, end: i };
  if (c !== '{') return undefined;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
  if (!match) return undefined;
  const max = match[3];
  // A large bound backtracks like an unbounded one.
  const unbounded = match[2] !== undefined && (max === '' || Number(max) > 16);
  return { unbounded, end: i + match[0].length - 1 };
}

/**
 * Compiles `pattern` if it is valid and safe, else returns `undefined` (fail closed).
 *
 * @example
 * ```ts
 * safeRegExp('(Mobile|Tablet)', false); // RegExp
 * safeRegExp('(a+)+$', false);          // undefined
 * ```
 */
export function safeRegExp(pattern: string, insensitive: boolean): RegExp | undefined {
  if (unsafePatternReason(pattern) !== undefined) return undefined;
  try {
    return new RegExp(pattern, insensitive ? 'i' : undefined);
  } catch {
    return undefined;
  }
}

/**
 * Tests `value` as GrowthBook does (the value is turned into a string), refusing inputs
 * over {@link MAX_INPUT_LENGTH}.
 */
export function testCapped(regex: RegExp, value: unknown): boolean {
  const text = typeof value === 'string' ? value : String(value);
  if (text.length > MAX_INPUT_LENGTH) return false;
  return regex.test(text);
}
