/**
 * Turns whatever the host app passes as properties or traits into plain JSON, with a
 * defined outcome for every value JSON cannot carry:
 *
 * | input                              | outcome                                   |
 * |------------------------------------|-------------------------------------------|
 * | `Date`                             | ISO 8601 string (invalid date: `null`, reported) |
 * | `BigInt`                           | decimal string                            |
 * | `NaN`, `Infinity`, `-Infinity`     | `null`, reported                          |
 * | function, symbol, `undefined`      | key dropped, reported                     |
 * | circular reference                 | key dropped, reported                     |
 * | nesting deeper than 16 levels      | key dropped, reported                     |
 * | `Map` / `Set` / typed array        | plain object / array / array of numbers   |
 * | object with `toJSON()`             | its result, normalised                    |
 * | other class instance, `Error`      | own enumerable fields (`Error`: name and message) |
 * | key `__proto__`, `constructor`, `prototype` | dropped, reported (prototype pollution) |
 * | a redacted key                     | value replaced by `"[redacted]"`          |
 */
import type { JsonObject, JsonValue } from './types';

/** One thing normalisation changed, with where it was. */
export interface NormalizeIssue {
  path: string;
  problem: string;
}

const MAX_DEPTH = 16;
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
export const REDACTED = '[redacted]';

/** Which keys to redact: exact names (case-insensitive) or patterns. */
export type RedactRule = string | RegExp;

/** Compiles redaction rules once into a predicate over key names. */
export function redactor(rules: readonly RedactRule[] | undefined): ((key: string) => boolean) | undefined {
  if (!rules || rules.length === 0) return undefined;
  const names = new Set(rules.filter((r): r is string => typeof r === 'string').map((r) => r.toLowerCase()));
  const patterns = rules.filter((r): r is RegExp => r instanceof RegExp);
  return (key) => names.has(key.toLowerCase()) || patterns.some((p) => p.test(key));
}

/**
 * Normalises `input` into a fresh plain JSON object. Never throws; every change worth
 * knowing about is appended to `issues`.
 */
export function normalizeObject(
  input: unknown,
  issues: NormalizeIssue[],
  isRedacted?: (key: string) => boolean,
  root = 'properties',
): JsonObject {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    issues.push({ path: root, problem: `expected an object, got ${describe(input)}; ignored` });
    return {};
  }
  let out: JsonValue | undefined;
  try {
    out = walk(input, root, 0, { ancestors: [], issues, isRedacted });
  } catch (error) {
    // A Proxy whose ownKeys trap throws: nothing of it can be read.
    issues.push({ path: root, problem: `reading it threw (${String(error)}); ignored` });
    return {};
  }
  return out !== null && typeof out === 'object' && !Array.isArray(out) ? out : {};
}

/** What one normalisation carries through its recursion. */
interface Walk {
  ancestors: object[];
  issues: NormalizeIssue[];
  isRedacted: ((key: string) => boolean) | undefined;
}

function walk(value: unknown, path: string, depth: number, state: Walk): JsonValue | undefined {
  const { ancestors, issues } = state;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // -0 becomes 0, as JSON.stringify would make it anyway.
      if (Number.isFinite(value)) return value === 0 ? 0 : value;
      issues.push({ path, problem: `${value} is not valid JSON; replaced by null` });
      return null;
    case 'bigint':
      return value.toString();
    case 'undefined':
      return undefined;
    case 'function':
    case 'symbol':
      issues.push({ path, problem: `a ${typeof value} cannot be sent; dropped` });
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Date) {
    if (Number.isNaN(object.getTime())) {
      issues.push({ path, problem: 'invalid Date; replaced by null' });
      return null;
    }
    return object.toISOString();
  }
  if (depth >= MAX_DEPTH) {
    issues.push({ path, problem: `nested deeper than ${MAX_DEPTH} levels; dropped` });
    return undefined;
  }
  if (ancestors.includes(object)) {
    issues.push({ path, problem: 'circular reference; dropped' });
    return undefined;
  }
  ancestors.push(object);
  try {
    return walkObject(object, path, depth, state);
  } finally {
    ancestors.pop();
  }
}

function walkObject(object: object, path: string, depth: number, state: Walk): JsonValue | undefined {
  const { issues, isRedacted } = state;
  if (Array.isArray(object) || object instanceof Set || ArrayBuffer.isView(object)) {
    const items = Array.isArray(object) ? object : Array.from(object as Iterable<unknown>);
    const out: JsonValue[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = walk(items[i], `${path}[${i}]`, depth + 1, state);
      // JSON.stringify turns holes and dropped items into null; keep the positions too.
      out.push(item === undefined ? null : item);
    }
    return out;
  }
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function' && !(object instanceof Map)) {
    let json: unknown;
    try {
      json = (object as { toJSON: () => unknown }).toJSON();
    } catch (error) {
      issues.push({ path, problem: `toJSON() threw (${String(error)}); dropped` });
      return undefined;
    }
    return json === object ? {} : walk(json, path, depth, state);
  }
  // Keys first, values one by one: a throwing getter loses its own key, not the object.
  const keys: unknown[] = object instanceof Map ? [...object.keys()] : object instanceof Error ? ['name', 'message'] : Object.keys(object);
  const out: JsonObject = {};
  for (const rawKey of keys) {
    const key = String(rawKey);
    const childPath = `${path}.${key}`;
    if (FORBIDDEN_KEYS.has(key)) {
      issues.push({ path: childPath, problem: 'reserved key; dropped' });
      continue;
    }
    if (isRedacted?.(key)) {
      out[key] = REDACTED;
      continue;
    }
    let child: JsonValue | undefined;
    try {
      const raw = object instanceof Map ? object.get(rawKey) : (object as Record<string, unknown>)[key];
      child = walk(raw, childPath, depth + 1, state);
    } catch (error) {
      // A getter or a Proxy trap of the host app's object threw.
      issues.push({ path: childPath, problem: `reading it threw (${String(error)}); dropped` });
      continue;
    }
    if (child !== undefined) out[key] = child;
  }
  return out;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : `a ${typeof value}`;
}

/** The longest event name accepted. */
export const MAX_EVENT_NAME_LENGTH = 200;

/** Checks an event name; returns the trimmed name, or a problem description. */
export function checkEventName(name: unknown): { name: string } | { problem: string } {
  if (typeof name !== 'string') return { problem: `event name must be a string, got ${describe(name)}` };
  const trimmed = name.trim();
  if (trimmed.length === 0) return { problem: 'event name is empty' };
  if (trimmed.length > MAX_EVENT_NAME_LENGTH) {
    return { problem: `event name is ${trimmed.length} characters long; the limit is ${MAX_EVENT_NAME_LENGTH}` };
  }
  return { name: trimmed };
}

/** The largest serialised event accepted, in bytes of UTF-8. */
export const MAX_EVENT_BYTES = 32 * 1024;

let encoder: TextEncoder | undefined;
let scratch: Uint8Array | undefined;

/** UTF-8 length of a string. */
export function utf8Length(text: string): number {
  encoder ??= new TextEncoder();
  // The platform encoder writing into one reused buffer: a native pass with no allocation
  // per event. Texts far over the event limit, and engines without encodeInto (Safari
  // before 14.1), encode into a fresh array instead.
  if (text.length > 128 * 1024 || !encoder.encodeInto) return encoder.encode(text).length;
  const needed = text.length * 3;
  if (!scratch || scratch.length < needed) scratch = new Uint8Array(Math.max(needed, 4096));
  return encoder.encodeInto(text, scratch).written;
}
