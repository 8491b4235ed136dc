/**
 * The building blocks compiled conditions are made of: closures over one value, and the
 * helpers that combine them without allocating on each call.
 */

/** A compiled test of one value. */
export type Predicate = (value: unknown) => boolean;

/** Always true. */
export const ALWAYS: Predicate = () => true;
/** Always false: what anything malformed compiles to. */
export const FALSE: Predicate = () => false;

/** GrowthBook's test: an object whose keys (at least one) all start with `$`. */
export function isOperatorObject(value: object): boolean {
  const keys = Object.keys(value);
  if (keys.length === 0) return false;
  for (const key of keys) if (key.charCodeAt(0) !== 36 /* $ */) return false;
  return true;
}

/** The opposite of `test`. */
export function negate(test: Predicate): Predicate {
  return (v) => !test(v);
}

/** Every test holds; unrolled for the short lists that are the common case. */
export function all(tests: Predicate[]): Predicate {
  const [a, b, c] = tests;
  switch (tests.length) {
    case 0:
      return ALWAYS;
    case 1:
      return a!;
    case 2:
      return (v) => a!(v) && b!(v);
    case 3:
      return (v) => a!(v) && b!(v) && c!(v);
    default:
      return (v) => {
        for (let i = 0; i < tests.length; i++) if (!tests[i]!(v)) return false;
        return true;
      };
  }
}

/** At least one test holds (none: false). */
export function some(tests: Predicate[]): Predicate {
  const [a, b] = tests;
  switch (tests.length) {
    case 0:
      return FALSE;
    case 1:
      return a!;
    case 2:
      return (v) => a!(v) || b!(v);
    default:
      return (v) => {
        for (let i = 0; i < tests.length; i++) if (tests[i]!(v)) return true;
        return false;
      };
  }
}
