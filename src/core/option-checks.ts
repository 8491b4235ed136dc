/**
 * Small building blocks for configuration validators, shared by the `lifecycle`, `delivery`
 * and `computed` sections so each message shape ships once in the bundle. Every failure is a
 * {@link ConfigError} reading `<path>: expected ...` or `<path>: unknown option (...)`.
 *
 * @packageDocumentation
 */
import { ConfigError } from './errors';

/**
 * Throws `ConfigError(path, 'expected ' + what)`: the one formatter for "expected ..." messages.
 *
 * @example
 * ```ts
 * fail('batch.maxEvents', 'a positive integer'); // throws "batch.maxEvents: expected a positive integer"
 * ```
 */
export function fail(path: string, what: string): never {
  throw new ConfigError(path, `expected ${what}`);
}

/**
 * A plain object (not null, not an array).
 *
 * @example
 * ```ts
 * isRecord({}) // true; isRecord([]) // false
 * ```
 */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `path.key`, or `key` at the top level. */
export const join = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/**
 * Checks one value found at `path`; throws a {@link ConfigError} for a bad one.
 *
 * @example
 * ```ts
 * const flag: Check = (v, p) => { if (typeof v !== 'boolean') fail(p, 'a boolean'); };
 * ```
 */
export type Check = (value: unknown, path: string) => void;

/**
 * A check for a finite number passing `test`, failing with `expected <what>`.
 *
 * @example
 * ```ts
 * const positive = numberCheck((n) => n > 0, 'a positive number');
 * ```
 */
export const numberCheck =
  (test: (n: number) => boolean, what: string): Check =>
  (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || !test(value)) fail(path, what);
  };

/**
 * Checks an object section: `undefined` passes; anything but a plain object fails with
 * `expected <what>`; a key not in `checks` is an `unknown option`. Then each
 * set key runs its check, in the table's order (keys in `required` run even when unset).
 *
 * @example
 * ```ts
 * section({ maxEvents: 0 }, 'batch', { maxEvents: positiveInt }); // throws "batch.maxEvents: expected a positive integer"
 * ```
 */
export function section(
  value: unknown,
  path: string,
  checks: Record<string, Check>,
  what = 'an object',
  required: readonly string[] = [],
): value is Record<string, unknown> | undefined {
  if (value === undefined) return true;
  if (!isRecord(value)) fail(path, what);
  const keys = Object.keys(checks);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw new ConfigError(join(path, key), `unknown option (expected one of ${keys.join(', ')})`);
  }
  for (const key of keys) {
    if (value[key] !== undefined || required.includes(key)) checks[key]!(value[key], join(path, key));
  }
  return true;
}

/**
 * `defaults` with every key `given` sets (to something other than `undefined`) replaced.
 *
 * @example
 * ```ts
 * fill({ maxEvents: 50, maxBytes: 460_800 }, { maxEvents: 20 }) // { maxEvents: 20, maxBytes: 460800 }
 * ```
 */
export function fill<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const out = { ...defaults };
  for (const key in defaults) {
    const value = given?.[key];
    if (value !== undefined) out[key] = value as T[typeof key];
  }
  return out;
}
