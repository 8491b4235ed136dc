/**
 * User-defined computed attributes: validation and the per-event runner.
 *
 * @packageDocumentation
 */
import { fail, isRecord } from '../core/option-checks';
import { ConfigError, ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from '../core/errors';
import type { AnalyticsEvent, JsonValue } from '../core/types';
import type { ComputedAttribute, ComputedAttributes } from './types';

function jsonProblem(value: unknown, depth: number): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'expected a finite number';
  if (depth > 32) return 'nested too deeply';
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value)) {
      const problem = jsonProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return 'expected a JSON value';
}

/**
 * Checks a `computed` configuration section, throwing a ConfigError with the path of the problem.
 *
 * @example
 * ```ts
 * validateComputed({ cartValue: { on: 'add_to_cart', reduce: (v, e) => v, initial: 0 } }) // ok
 * validateComputed({ cartValue: { on: '', reduce: 1, initial: 0 } }) // throws "computed.cartValue.on: ..."
 * ```
 */
export function validateComputed(value: unknown, path = 'computed'): void {
  if (value === undefined) return;
  if (!isRecord(value)) fail(path, 'an object of computed attributes');
  for (const [name, spec] of Object.entries(value)) {
    const at = `${path}.${name}`;
    if (typeof spec !== 'object' || spec === null) fail(at, '{ on, reduce, initial }');
    const { on, reduce, initial } = spec as Partial<ComputedAttribute>;
    const names = Array.isArray(on) ? on : [on];
    if (names.length === 0) fail(`${at}.on`, 'an event name or a non-empty array of them');
    names.forEach((n, i) => {
      if (typeof n !== 'string' || n === '') fail(Array.isArray(on) ? `${at}.on[${i}]` : `${at}.on`, 'a non-empty event name');
    });
    if (typeof reduce !== 'function') fail(`${at}.reduce`, 'a function (value, event) => value');
    if (!('initial' in spec)) fail(`${at}.initial`, 'a JSON value');
    const problem = jsonProblem(initial, 0);
    if (problem) throw new ConfigError(`${at}.initial`, problem);
  }
}

/** Runs the reducers of computed attributes on the events they listen to. */
export interface ComputedRunner {
  /** The current values, by name (a live object). */
  readonly values: Record<string, JsonValue>;
  run(name: string, isSystem: boolean, event: AnalyticsEvent): void;
  /** Replaces the values with saved ones (unknown names ignored, missing ones initial). */
  load(saved: Record<string, unknown>): void;
  reset(): void;
}

const copy = (value: JsonValue): JsonValue => (typeof value === 'object' && value !== null ? (JSON.parse(JSON.stringify(value)) as JsonValue) : value);

/**
 * Indexes the reducers by event name, so an event runs only its own reducers.
 *
 * @example
 * ```ts
 * const runner = createComputedRunner({ n: { on: '*', reduce: (v) => (v as number) + 1, initial: 0 } }, onError);
 * ```
 */
export function createComputedRunner(computed: ComputedAttributes = {}, onError?: ErrorHandler): ComputedRunner {
  const byEvent = new Map<string, string[]>();
  const wildcard: string[] = [];
  const specs = Object.entries(computed);
  for (const [name, spec] of specs) {
    for (const on of Array.isArray(spec.on) ? spec.on : [spec.on]) {
      if (on === '*') wildcard.push(name);
      else byEvent.set(on, [...(byEvent.get(on) ?? []), name]);
    }
  }
  const values: Record<string, JsonValue> = Object.create(null) as Record<string, JsonValue>;

  function reduce(name: string, event: AnalyticsEvent): void {
    const spec = computed[name]!;
    try {
      const next = spec.reduce(values[name] ?? null, event);
      if (next === undefined) return;
      // Anything else than JSON would change silently on the next save and restore (NaN → null, a Date → a string).
      const problem = jsonProblem(next, 0);
      if (problem) reportTo(onError, new NudgeKitError(ERROR_CODES.invalidProperty, `computed attribute "${name}" returned no JSON (${problem}); its value is kept`, { details: { attribute: name } }));
      else values[name] = next;
    } catch (cause) {
      reportTo(onError, new NudgeKitError(ERROR_CODES.callbackFailed, `computed attribute "${name}" threw; its value is kept`, { cause, details: { attribute: name } }));
    }
  }

  const runner: ComputedRunner = {
    values,
    run(eventName, isSystem, event) {
      if (specs.length === 0) return;
      const named = byEvent.get(eventName);
      if (named) for (const name of named) reduce(name, event);
      if (!isSystem) for (const name of wildcard) if (!named?.includes(name)) reduce(name, event);
    },
    load(saved) {
      runner.reset();
      for (const [name] of specs) if (name in saved && jsonProblem(saved[name], 0) === undefined) values[name] = saved[name] as JsonValue;
    },
    reset() {
      for (const [name, spec] of specs) values[name] = copy(spec.initial);
    },
  };
  runner.reset();
  return runner;
}
