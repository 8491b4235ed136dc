/**
 * One compiler per operator. The table is typed against {@link Operator}, so adding an
 * operator to the list without a compiler (or the reverse) does not compile.
 */
import { isRecord } from '../core/option-checks';
import { comparableVersion } from './version';
import type { RegexEngine } from './regex-engine';
import { FALSE, isOperatorObject, negate, type Predicate } from './predicates';

/**
 * Every operator that may appear on a value.
 *
 * @example
 * ```ts
 * VALUE_OPERATORS.includes('$gt'); // true: { age: { $gt: 18 } }
 * ```
 */
export const VALUE_OPERATORS = [
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte',
  '$in', '$nin', '$ini', '$nini', '$all', '$alli',
  '$elemMatch', '$size', '$exists', '$type', '$not',
  '$regex', '$regexi',
  '$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte',
  '$inGroup', '$notInGroup',
] as const;

/**
 * A value operator.
 *
 * @example
 * ```ts
 * const op: Operator = '$elemMatch';
 * ```
 */
export type Operator = (typeof VALUE_OPERATORS)[number];

/**
 * Operators that combine whole conditions.
 *
 * @example
 * ```ts
 * LOGICAL_OPERATORS.includes('$or'); // true: { $or: [{ stage: 'silent' }, { stage: 'churned' }] }
 * ```
 */
export const LOGICAL_OPERATORS = ['$and', '$or', '$nor', '$not', '$savedGroup'] as const;

/** What operator compilers need: the saved groups and the two recursive compilers. */
export interface CompileContext {
  groups: Record<string, unknown>;
  /** Matches `$regex`; without one, `$regex` conditions are false (and refused by validation). */
  regex: RegexEngine | undefined;
  /** Saved-group ids being expanded, to stop cycles. */
  visited: ReadonlySet<string>;
  value: (condition: unknown, ctx: CompileContext, insensitive: boolean) => Predicate;
  object: (condition: unknown, ctx: CompileContext) => Predicate;
}

type OperatorCompiler = (operand: unknown, ctx: CompileContext) => Predicate;

// Relational operators keep JavaScript's coercions on purpose: GrowthBook compares
// `"8" > 5` as true and a missing attribute (null) as 0.
type Loose = number;

const OPERATORS: { readonly [K in Operator]: OperatorCompiler } = {
  $eq: (e) => (v) => v === e,
  $ne: (e) => (v) => v !== e,
  $gt: (e) => (v) => (v as Loose) > (e as Loose),
  $gte: (e) => (v) => (v as Loose) >= (e as Loose),
  $lt: (e) => (v) => (v as Loose) < (e as Loose),
  $lte: (e) => (v) => (v as Loose) <= (e as Loose),
  $in: (e) => (Array.isArray(e) ? membership(e, false) : FALSE),
  $nin: (e) => (Array.isArray(e) ? negate(membership(e, false)) : FALSE),
  $ini: (e) => (Array.isArray(e) ? membership(e, true) : FALSE),
  $nini: (e) => (Array.isArray(e) ? negate(membership(e, true)) : FALSE),
  $all: (e, ctx) => containsAll(e, ctx, false),
  $alli: (e, ctx) => containsAll(e, ctx, true),
  $elemMatch: (e, ctx) => {
    if (!isRecord(e)) return FALSE;
    const check = isOperatorObject(e) ? ctx.value(e, ctx, false) : ctx.object(e, ctx);
    return (v) => {
      if (!Array.isArray(v)) return false;
      // Nullish elements are skipped; 0, "" and false are real members.
      for (let i = 0; i < v.length; i++) if (v[i] != null && check(v[i])) return true;
      return false;
    };
  },
  $size: (e, ctx) => {
    const check = ctx.value(e, ctx, false);
    return (v) => Array.isArray(v) && check(v.length);
  },
  $exists: (e) => (e ? (v) => v != null : (v) => v == null),
  $type: (e) => (v) => typeName(v) === e,
  $not: (e, ctx) => negate(ctx.value(e, ctx, false)),
  $regex: (e, ctx) => regex(e, false, ctx.regex),
  $regexi: (e, ctx) => regex(e, true, ctx.regex),
  $veq: (e) => version(e, (a, b) => a === b),
  $vne: (e) => version(e, (a, b) => a !== b),
  $vgt: (e) => version(e, (a, b) => a > b),
  $vgte: (e) => version(e, (a, b) => a >= b),
  $vlt: (e) => version(e, (a, b) => a < b),
  $vlte: (e) => version(e, (a, b) => a <= b),
  $inGroup: (e, ctx) => {
    const values = groupValues(e, ctx);
    return values ? membership(values, false) : FALSE;
  },
  $notInGroup: (e, ctx) => {
    // A malformed group matches nobody; only an unknown id behaves as an empty list.
    const values = groupValues(e, ctx);
    return values ? negate(membership(values, false)) : FALSE;
  },
};

/** Compiles one operator; an unknown one is false, as in GrowthBook. */
export function compileOperator(op: string, operand: unknown, ctx: CompileContext): Predicate {
  return Object.prototype.hasOwnProperty.call(OPERATORS, op) ? OPERATORS[op as Operator](operand, ctx) : FALSE;
}

/** Whether `op` is a known value operator. */
export function isValueOperator(op: string): op is Operator {
  return Object.prototype.hasOwnProperty.call(OPERATORS, op);
}

/** `$in` semantics: an array attribute matches when any element is listed. */
function membership(expected: readonly unknown[], insensitive: boolean): Predicate {
  const list = insensitive ? expected.map(fold) : expected;
  // A Set has the same SameValueZero equality as `Array.prototype.includes`.
  const set = list.length > 8 ? new Set(list) : undefined;
  const has = set ? (x: unknown) => set.has(x) : (x: unknown) => list.includes(x);
  if (insensitive) {
    return (v) => {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (has(fold(v[i]))) return true;
        return false;
      }
      return has(fold(v));
    };
  }
  return (v) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (has(v[i])) return true;
      return false;
    }
    return has(v);
  };
}

function fold(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** `$all`: every expected condition matches some element of the array attribute. */
function containsAll(expected: unknown, ctx: CompileContext, insensitive: boolean): Predicate {
  if (!Array.isArray(expected)) return FALSE;
  const checks = expected.map((e) => ctx.value(e, ctx, insensitive));
  return (v) => {
    if (!Array.isArray(v)) return false;
    for (const check of checks) {
      let found = false;
      for (let j = 0; j < v.length; j++) {
        if (check(v[j])) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  };
}

function regex(pattern: unknown, insensitive: boolean, engine: RegexEngine | undefined): Predicate {
  if (typeof pattern !== 'string' || !engine) return FALSE;
  return engine.matcher(pattern, insensitive) ?? FALSE;
}

function version(expected: unknown, compare: (actual: string, expected: string) => boolean): Predicate {
  const target = comparableVersion(expected);
  return (v) => compare(comparableVersion(v), target);
}

/** The values of a saved group: a v1 bare array or a v2 `{ type: 'list', values }`; `undefined` when malformed. */
function groupValues(id: unknown, ctx: CompileContext): readonly unknown[] | undefined {
  if (typeof id !== 'string') return undefined;
  const entry = Object.prototype.hasOwnProperty.call(ctx.groups, id) ? ctx.groups[id] : undefined;
  if (entry === undefined) return [];
  if (Array.isArray(entry)) return entry;
  if (isRecord(entry) && entry.type === 'list' && Array.isArray(entry.values)) return entry.values;
  return undefined;
}

/** GrowthBook's `$type` names. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'object' || t === 'undefined' ? t : 'unknown';
}
