/**
 * Conditions on one attribute path (`{ 'traits.plan': { $in: [...] } }`), the bulk of every
 * rule. Reading goes through two plain functions rather than a closure per path: every
 * call site then has one target, which the JIT can inline. The most common shapes (a
 * literal, or one comparison operator, on a top-level key) are fused into one closure.
 */
import { isRecord } from '../core/option-checks';
import type { Predicate } from './predicates';

/** Keys whose lookup would reach into prototypes; paths through them resolve to `null`. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** `obj[key]`, or `null` when `obj` is not an object or has no such key (GrowthBook's rule). */
export function readKey(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object') return null;
  const value = (obj as Record<string, unknown>)[key];
  // One lookup in the common case; `in` only tells a missing key (null) from an undefined value.
  return value !== undefined || key in obj ? value : null;
}

/** Follows `parts`; anything missing on the way gives `null`. */
export function readParts(obj: unknown, parts: readonly string[]): unknown {
  let current = obj;
  for (let i = 0; i < parts.length; i++) {
    current = readKey(current, parts[i]!);
    if (current === null) return null;
  }
  return current;
}

/**
 * A reader for a dot-separated path.
 *
 * @example
 * ```ts
 * compilePath('traits.plan')({ traits: { plan: 'pro' } }); // 'pro'
 * ```
 */
export function compilePath(path: string): (obj: unknown) => unknown {
  const parts = path.split('.');
  if (parts.some((p) => FORBIDDEN_KEYS.has(p))) return () => null;
  if (parts.length === 1) {
    const key = parts[0]!;
    return (obj) => readKey(obj, key);
  }
  return (obj) => readParts(obj, parts);
}

/** Compiles the condition on one path; `check` compiles the value condition when no fused form applies. */
export function compileField(path: string, operand: unknown, check: (operand: unknown) => Predicate): Predicate {
  const parts = path.split('.');
  if (parts.some((p) => FORBIDDEN_KEYS.has(p))) {
    const test = check(operand);
    return () => test(null);
  }
  if (parts.length === 1) {
    const key = parts[0]!;
    const fused = fuse(key, operand);
    if (fused) return fused;
    const test = check(operand);
    return (obj) => test(readKey(obj, key));
  }
  const test = check(operand);
  return (obj) => test(readParts(obj, parts));
}

type Loose = number;

/** One closure for `{ key: literal }` and `{ key: { $op: value } }` with a comparison operator. */
function fuse(key: string, operand: unknown): Predicate | undefined {
  if (typeof operand === 'string') {
    return (obj) => {
      const v = readKey(obj, key);
      return typeof v === 'string' ? v === operand : v + '' === operand;
    };
  }
  if (typeof operand === 'number') {
    return (obj) => {
      const v = readKey(obj, key);
      return typeof v === 'number' ? v === operand : (v as number) * 1 === operand;
    };
  }
  if (!isRecord(operand)) return undefined;
  const ops = Object.keys(operand);
  if (ops.length !== 1) return undefined;
  const e = operand[ops[0]!];
  switch (ops[0]) {
    case '$eq':
      return (obj) => readKey(obj, key) === e;
    case '$ne':
      return (obj) => readKey(obj, key) !== e;
    case '$gt':
      return (obj) => (readKey(obj, key) as Loose) > (e as Loose);
    case '$gte':
      return (obj) => (readKey(obj, key) as Loose) >= (e as Loose);
    case '$lt':
      return (obj) => (readKey(obj, key) as Loose) < (e as Loose);
    case '$lte':
      return (obj) => (readKey(obj, key) as Loose) <= (e as Loose);
    default:
      return undefined;
  }
}
