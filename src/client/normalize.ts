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
import { jsonNumberBytes, jsonStringBytes } from './json-size';
import type { JsonObject, JsonValue } from '../core/types';

/** One thing normalisation changed, with where it was. */
export interface NormalizeIssue {
  path: string;
  problem: string;
}

const MAX_DEPTH = 16;
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** One of {@link FORBIDDEN_KEYS}; their lengths (9 and 11) rule out most keys without hashing them. */
const isForbidden = (key: string): boolean => (key.length === 9 || key.length === 11) && FORBIDDEN_KEYS.has(key);
export const REDACTED = '[redacted]';
const REDACTED_SIZE = REDACTED.length + 2;

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
  return normalizeJson(input, issues, isRedacted, root).value;
}

/** A normalised object and the UTF-8 size of its JSON text. */
export interface NormalizedJson {
  value: JsonObject;
  /** `utf8Length(JSON.stringify(value))`, measured while the object was built. */
  bytes: number;
}

/** {@link normalizeObject}, also giving the size of the result's JSON text. */
export function normalizeJson(input: unknown, issues: NormalizeIssue[], isRedacted?: (key: string) => boolean, root = 'properties'): NormalizedJson {
  if (input === undefined || input === null) return { value: {}, bytes: 2 };
  if (typeof input !== 'object' || Array.isArray(input)) {
    issues.push({ path: root, problem: `expected an object, got ${describe(input)}; ignored` });
    return { value: {}, bytes: 2 };
  }
  const state: Walk = { ancestors: [], keys: [], root, issues, isRedacted, size: 0, exact: true };
  let out: JsonValue | undefined;
  try {
    out = walk(input, 0, state);
  } catch (error) {
    // A Proxy whose ownKeys trap throws: nothing of it can be read.
    issues.push({ path: root, problem: `reading it threw (${String(error)}); ignored` });
    return { value: {}, bytes: 2 };
  }
  if (out === null || typeof out !== 'object' || Array.isArray(out)) return { value: {}, bytes: 2 };
  return { value: out, bytes: state.exact ? state.size : utf8Length(JSON.stringify(out)) };
}

/** What one normalisation carries through its recursion. */
interface Walk {
  ancestors: object[];
  /** Keys and indexes from the root to the value being walked: its path, built only for a report. */
  keys: Array<string | number>;
  root: string;
  issues: NormalizeIssue[];
  isRedacted: ((key: string) => boolean) | undefined;
  /** JSON size of the value the last `walk` returned. */
  size: number;
  /** False once two keys of a Map collided into one, so that `size` over-counts. */
  exact: boolean;
}

function report(state: Walk, problem: string): void {
  let path = state.root;
  for (const key of state.keys) path += typeof key === 'number' ? `[${key}]` : `.${key}`;
  state.issues.push({ path, problem });
}

const SIZE_NULL = 4;

function walk(value: unknown, depth: number, state: Walk): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
      state.size = jsonStringBytes(value);
      return value;
    case 'boolean':
      state.size = value ? 4 : 5;
      return value;
    case 'number':
      if (Number.isFinite(value)) {
        // -0 becomes 0, as JSON.stringify would make it anyway.
        state.size = value === 0 ? 1 : jsonNumberBytes(value);
        return value === 0 ? 0 : value;
      }
      report(state, `${value} is not valid JSON; replaced by null`);
      state.size = SIZE_NULL;
      return null;
    case 'bigint': {
      const text = value.toString();
      state.size = text.length + 2;
      return text;
    }
    case 'undefined':
      return undefined;
    case 'function':
    case 'symbol':
      report(state, `a ${typeof value} cannot be sent; dropped`);
      return undefined;
  }
  if (value === null) {
    state.size = SIZE_NULL;
    return null;
  }
  const object = value as object;
  if (object instanceof Date) {
    if (Number.isNaN(object.getTime())) {
      report(state, 'invalid Date; replaced by null');
      state.size = SIZE_NULL;
      return null;
    }
    const text = object.toISOString();
    state.size = text.length + 2;
    return text;
  }
  if (depth >= MAX_DEPTH) {
    report(state, `nested deeper than ${MAX_DEPTH} levels; dropped`);
    return undefined;
  }
  const { ancestors } = state;
  if (ancestors.includes(object)) {
    report(state, 'circular reference; dropped');
    return undefined;
  }
  ancestors.push(object);
  try {
    return walkObject(object, depth, state);
  } finally {
    ancestors.pop();
  }
}

function walkObject(object: object, depth: number, state: Walk): JsonValue | undefined {
  const { isRedacted, keys: path } = state;
  if (Array.isArray(object) || object instanceof Set || ArrayBuffer.isView(object)) {
    const items = Array.isArray(object) ? object : Array.from(object as Iterable<unknown>);
    const out: JsonValue[] = [];
    let size = 2 + Math.max(0, items.length - 1); // brackets and commas
    for (let i = 0; i < items.length; i++) {
      path.push(i);
      const item = walk(items[i], depth + 1, state);
      path.pop();
      // JSON.stringify turns holes and dropped items into null; keep the positions too.
      out.push(item === undefined ? null : item);
      size += item === undefined ? SIZE_NULL : state.size;
    }
    state.size = size;
    return out;
  }
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function' && !(object instanceof Map)) {
    let json: unknown;
    try {
      json = (object as { toJSON: () => unknown }).toJSON();
    } catch (error) {
      report(state, `toJSON() threw (${String(error)}); dropped`);
      return undefined;
    }
    if (json !== object) return walk(json, depth, state);
    state.size = 2;
    return {};
  }
  // Keys first, values one by one: a throwing getter loses its own key, not the object.
  const isMap = object instanceof Map;
  const keys: unknown[] = isMap ? [...object.keys()] : object instanceof Error ? ['name', 'message'] : Object.keys(object);
  const out: JsonObject = {};
  let size = 2; // the braces; each member adds its key, a colon, its value and (but the first) a comma
  let members = 0;
  const mark = path.length;
  for (const rawKey of keys) {
    const key = String(rawKey);
    path.push(key);
    let child: JsonValue | undefined;
    if (isForbidden(key)) report(state, 'reserved key; dropped');
    else if (isRedacted?.(key)) {
      child = REDACTED;
      state.size = REDACTED_SIZE;
    } else {
      try {
        const raw = isMap ? object.get(rawKey) : (object as Record<string, unknown>)[key];
        child = walk(raw, depth + 1, state);
      } catch (error) {
        // A getter or a Proxy trap of the host app's object threw.
        report(state, `reading it threw (${String(error)}); dropped`);
      }
    }
    // Also drops what a nested walk that threw left on the path.
    while (path.length > mark) path.pop();
    if (child === undefined) continue;
    // Two Map keys with one string form (2 and '2') make one member: the sum over-counts.
    if (isMap && Object.prototype.hasOwnProperty.call(out, key)) state.exact = false;
    size += (members++ === 0 ? 1 : 2) + jsonStringBytes(key) + state.size;
    out[key] = child;
  }
  state.size = size;
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
