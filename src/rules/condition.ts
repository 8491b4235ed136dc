/**
 * The condition language: MongoDB-style JSON with GrowthBook's operators and semantics
 * (the conformance suite in `../shared/conformance` is the reference). A condition is
 * compiled once into a tree of small closures; evaluating it walks no JSON and parses
 * nothing. There is no `eval` and no `new Function`.
 *
 * Everything fails closed: an unknown operator, a malformed operand, an unsafe regex or
 * an exception while reading the attributes makes the condition false, never a throw.
 */
import { isRecord } from '../core/option-checks';
import type { RegexEngine } from './regex-engine';
import type { Condition } from './types';
import { compileField, compilePath } from './field';
import { compileOperator, type CompileContext } from './operators';
import { ALWAYS, FALSE, all, isOperatorObject, negate, some, type Predicate } from './predicates';

/**
 * A compiled condition.
 *
 * @example
 * ```ts
 * const adult: CompiledCondition = compileCondition({ age: { $gte: 18 } });
 * ```
 */
export type CompiledCondition = (attributes: Record<string, unknown>) => boolean;

/**
 * Saved groups: GrowthBook's bare arrays (v1) or `{ type: 'list', values }` / `{ type: 'condition', condition }` (v2).
 *
 * @example
 * ```ts
 * evalCondition({ id: 2 }, { id: { $inGroup: 'beta' } }, { beta: [1, 2, 3] }); // true
 * ```
 */
export type SavedGroups = Record<string, unknown>;

const NEVER: CompiledCondition = () => false;


/**
 * Compiles `condition` once into a function of the attributes.
 *
 * @example
 * ```ts
 * const vip = compileCondition({ tier: 'high', 'traits.plan': { $in: ['pro', 'team'] } });
 * vip({ tier: 'high', traits: { plan: 'pro' } }); // true
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function compileCondition(condition: Condition, savedGroups?: SavedGroups, regex?: RegexEngine): CompiledCondition {
  try {
    if (!isRecord(condition)) return NEVER;
    const test = compileObject(condition, { groups: savedGroups ?? {}, regex, visited: new Set(), value: compileValue, object: compileObject });
    return (attributes) => {
      try {
        return test(attributes);
      } catch {
        // A getter that throws, a cyclic value given to JSON.stringify, a Symbol coerced to a string.
        return false;
      }
    };
  } catch {
    // A cyclic or absurdly deep condition: compile-time recursion ran out of stack.
    return NEVER;
  }
}

/**
 * Evaluates `condition` against `attributes`, with GrowthBook's argument order and semantics.
 * Compiles on every call: use {@link compileCondition} for a condition evaluated repeatedly.
 *
 * @example
 * ```ts
 * evalCondition({ country: 'US' }, { country: { $in: ['US', 'CA'] } }); // true
 * ```
 */
export function evalCondition(attributes: Record<string, unknown>, condition: Condition, savedGroups?: SavedGroups, regex?: RegexEngine): boolean {
  return compileCondition(condition, savedGroups, regex)(attributes);
}

/** A condition over an object: every key must hold. */
function compileObject(condition: unknown, ctx: CompileContext): Predicate {
  if (!isRecord(condition)) return FALSE;
  const tests: Predicate[] = [];
  for (const key of Object.keys(condition)) {
    const operand = condition[key];
    switch (key) {
      case '$or':
        tests.push(compileAny(operand, ctx, true));
        break;
      case '$nor':
        tests.push(negate(compileAny(operand, ctx, true)));
        break;
      case '$and':
        tests.push(compileAny(operand, ctx, false));
        break;
      case '$not':
        tests.push(negate(compileObject(operand, ctx)));
        break;
      case '$savedGroup':
        tests.push(compileSavedGroup(operand, ctx));
        break;
      case '$where':
        // Never supported: it would mean running code that came with the rule.
        return FALSE;
      default:
        tests.push(compileField(key, operand, (o) => compileValue(o, ctx, false)));
    }
  }
  return all(tests);
}

/** `$or` (`any` true) or `$and` (`any` false): a list of object conditions. */
function compileAny(operand: unknown, ctx: CompileContext, isOr: boolean): Predicate {
  if (!Array.isArray(operand)) return FALSE;
  // GrowthBook: an empty `$or` passes, and so does an empty `$and`.
  if (operand.length === 0) return ALWAYS;
  const tests = operand.map((c) => compileObject(c, ctx));
  return isOr ? some(tests) : all(tests);
}

/** A `$savedGroup: { id, attributeKey? }` reference (GrowthBook's v2 saved groups). */
function compileSavedGroup(reference: unknown, ctx: CompileContext): Predicate {
  if (!isRecord(reference)) return FALSE;
  const { id, attributeKey } = reference;
  // A cycle, or nesting deep enough to blow up the compiled size, matches nobody.
  if (typeof id !== 'string' || ctx.visited.has(id) || ctx.visited.size >= 8) return FALSE;
  if (attributeKey !== undefined && typeof attributeKey !== 'string') return FALSE;
  const entry = Object.prototype.hasOwnProperty.call(ctx.groups, id) ? ctx.groups[id] : undefined;
  if (!isRecord(entry)) return FALSE;
  if (entry.type === 'list') {
    const key = attributeKey ?? entry.attributeKey;
    if (typeof key !== 'string' || !Array.isArray(entry.values)) return FALSE;
    const read = compilePath(key);
    const values = entry.values;
    return (obj) => {
      const actual = read(obj);
      return Array.isArray(actual) ? actual.some((v) => values.includes(v)) : values.includes(actual);
    };
  }
  if (entry.type === 'condition') {
    const visited = new Set(ctx.visited).add(id);
    return compileObject(entry.condition, { ...ctx, visited });
  }
  return FALSE;
}

/** A condition on one value: a literal to compare with, or an object of operators. */
function compileValue(condition: unknown, ctx: CompileContext, insensitive: boolean): Predicate {
  switch (typeof condition) {
    case 'string': {
      if (insensitive) {
        const folded = condition.toLowerCase();
        return (v) => String(v).toLowerCase() === folded;
      }
      // Same as GrowthBook's `value + ""`, without building a string when the value is one.
      return (v) => (typeof v === 'string' ? v === condition : v + '' === condition);
    }
    case 'number':
      return (v) => (typeof v === 'number' ? v === condition : (v as number) * 1 === condition);
    case 'boolean':
      return (v) => v !== null && !!v === condition;
    case 'object': {
      if (condition === null) return (v) => v === null;
      if (Array.isArray(condition) || !isOperatorObject(condition)) {
        // Deep equality as GrowthBook defines it: same JSON text.
        const expected = JSON.stringify(condition);
        return (v) => JSON.stringify(v) === expected;
      }
      const record = condition as Record<string, unknown>;
      return all(Object.keys(record).map((op) => compileOperator(op, record[op], ctx)));
    }
    default:
      // undefined, a function, a symbol or a bigint is not a condition.
      return FALSE;
  }
}
