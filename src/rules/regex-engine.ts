/**
 * `$regex` is opt-in: matching patterns that may come from a server safely takes NudgeKit's
 * own linear-time engine (about 2.5 KB gzip), which a page whose rules never use `$regex`
 * should not carry. Conditions reach the engine only through this interface, and
 * `safeRegex` (the one implementation) is imported by the pages that use it.
 */
import { safeRegExp, testCapped, unsafePatternReason } from './safe-regex';

/**
 * What conditions need from a regex engine: a matcher for a pattern, and, at validation,
 * why a pattern is refused.
 *
 * @example
 * ```ts
 * const match = safeRegex.matcher('^pro-', true);
 * match?.('PRO-annual'); // true
 * ```
 */
export interface RegexEngine {
  /** A test for `pattern`, or `undefined` when the pattern is refused (the condition then fails closed). */
  matcher(pattern: string, insensitive: boolean): ((value: unknown) => boolean) | undefined;
  /** Why `pattern` is refused (invalid, unsafe, too long), or `undefined` when it is accepted. */
  refusal(pattern: string): string | undefined;
}

/**
 * The regex engine for `$regex` and `$regexi` in rule conditions: patterns run on the native
 * engine only when their backtracking is provably small, otherwise on a linear-time matcher;
 * back-references and lookarounds are refused. Pass it where conditions are compiled:
 *
 * @example
 * ```ts
 * import { targeting, safeRegex } from 'nudgekit/rules';
 * targeting({ rules, regex: safeRegex });
 * evalCondition({ email: 'a@example.com' }, { email: { $regex: '@example\\.com$' } }, {}, safeRegex); // true
 * ```
 */
export const safeRegex: RegexEngine = {
  matcher(pattern, insensitive) {
    const re = safeRegExp(pattern, insensitive);
    return re ? (value) => testCapped(re, value) : undefined;
  },
  refusal: unsafePatternReason,
};
