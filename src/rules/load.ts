/**
 * Rules defined on a server: fetched, validated and (optionally) cached. Like
 * GrowthBook's init, loading never rejects: it resolves to what happened.
 */
import { isRecord } from '../core/option-checks';
import type { RegexEngine } from './regex-engine';
import { ERROR_CODES, NudgeKitError } from '../core/errors';
import type { RuleDefinition } from './types';
import type { ValidationIssue } from './validate-condition';

/**
 * The key-value part of a store, enough to cache rules. Any NudgeKit `Store` fits.
 *
 * @example
 * ```ts
 * const cache: RulesCache = { get: async (k) => map.get(k), set: async (k, v) => void map.set(k, v) };
 * ```
 */
export interface RulesCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/**
 * Options of `loadRules`.
 *
 * @example
 * ```ts
 * const options: LoadRulesOptions = { timeoutMs: 5000, headers: { authorization: 'Bearer ...' }, cache: store };
 * ```
 */
export interface LoadRulesOptions {
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
  /** Give up on the network after this long (default 10 s). */
  timeoutMs?: number;
  /** Extra request headers, e.g. an API key. */
  headers?: Record<string, string>;
  /** Where to cache the last good document, and to fall back to when the network fails. */
  cache?: RulesCache;
  /** The key in `cache` (default `rules`, as `STORE_KEYS.rules`). */
  cacheKey?: string;
  /** The engine for `$regex` conditions; without one, rules using `$regex` are refused. */
  regex?: RegexEngine;
}

/**
 * What `loadRules` found. `ok` means a document was read; some of its rules may still have issues.
 *
 * @example
 * ```ts
 * const { ok, source, rules, issues, error } = await loadRules(url);
 * if (!ok) console.warn(error?.message);
 * ```
 */
export interface LoadRulesResult {
  ok: boolean;
  source: 'network' | 'cache' | 'inline' | 'error';
  /** The valid rules. */
  rules: RuleDefinition[];
  /** Problems of the invalid rules, which were left out. */
  issues: ValidationIssue[];
  /**
   * The document's `version` (a string or a number), when it has one: a label for logs. It is
   * never compared: the document loaded last wins, so a server may roll back to an older one.
   */
  version?: string | number;
  error?: NudgeKitError;
}

/**
 * Reads rules from a URL, a JSON string, an array of rules or a versioned document
 * `{ "version": "2026-03-01", "rules": [...] }` and validates them. Never rejects. The public
 * way in is `loadRules(nk, source)`, which applies the result to a client.
 */
export async function readRules(source: string | unknown, options: LoadRulesOptions = {}): Promise<LoadRulesResult> {
  try {
    if (typeof source === 'string') {
      const text = source.trim();
      if (text.startsWith('{') || text.startsWith('[')) return await fromDocument(parseJson(text), 'inline', options.regex);
      return await fromNetwork(text, options);
    }
    return await fromDocument(source, 'inline', options.regex);
  } catch (cause) {
    return failure(cause instanceof NudgeKitError ? cause : new NudgeKitError(ERROR_CODES.rulesLoadFailed, `Loading rules failed: ${String(cause)}`, { cause }));
  }
}

async function fromNetwork(url: string, options: LoadRulesOptions): Promise<LoadRulesResult> {
  const cacheKey = options.cacheKey ?? 'rules';
  let networkError: NudgeKitError;
  try {
    const doc = await fetchJson(url, options);
    const result = await fromDocument(doc, 'network', options.regex);
    if (result.ok && options.cache) {
      try {
        await options.cache.set(cacheKey, { version: result.version ?? null, rules: result.rules, at: Date.now() });
      } catch {
        // The rules are applied anyway; the next load simply has no fallback.
      }
    }
    if (result.ok) return result;
    networkError = result.error!;
  } catch (cause) {
    networkError = cause instanceof NudgeKitError ? cause : new NudgeKitError(ERROR_CODES.rulesLoadFailed, `Loading rules from ${url} failed: ${String(cause)}`, { cause, details: { url } });
  }
  if (options.cache) {
    try {
      const cached = await options.cache.get(cacheKey);
      if (cached !== undefined && cached !== null) {
        const result = await fromDocument(cached, 'cache', options.regex);
        if (result.ok) return { ...result, error: networkError };
      }
    } catch {
      // No usable cache: report the network error below.
    }
  }
  return failure(networkError);
}

async function fetchJson(url: string, options: LoadRulesOptions): Promise<unknown> {
  const doFetch = options.fetch ?? (typeof fetch === 'function' ? fetch : undefined);
  if (!doFetch) throw new NudgeKitError(ERROR_CODES.rulesLoadFailed, 'No fetch available to load rules', { details: { url } });
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = setTimeout(() => controller?.abort(), options.timeoutMs ?? 10_000);
  try {
    const response = await doFetch(url, {
      headers: { accept: 'application/json', ...options.headers },
      ...(controller && { signal: controller.signal }),
    });
    if (!response.ok) {
      throw new NudgeKitError(ERROR_CODES.rulesLoadFailed, `Loading rules from ${url} failed with HTTP ${response.status}`, { details: { url, status: response.status } });
    }
    return parseJson(await response.text());
  } finally {
    clearTimeout(timer);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new NudgeKitError(ERROR_CODES.rulesLoadFailed, 'The rules document is not valid JSON', { cause });
  }
}

/**
 * Accepts `[...]` or `{ version?, rules: [...] }`. The validator is the chunk `targeting()`
 * loads at start-up (usually loaded by now): a page that loads rules does not carry it up front.
 */
async function fromDocument(doc: unknown, source: LoadRulesResult['source'], regex: RegexEngine | undefined): Promise<LoadRulesResult> {
  let list: unknown = doc;
  let version: string | number | undefined;
  if (isRecord(doc)) {
    list = doc.rules;
    if (typeof doc.version === 'string' || typeof doc.version === 'number') version = doc.version;
  }
  if (!Array.isArray(list)) {
    return failure(new NudgeKitError(ERROR_CODES.rulesLoadFailed, 'Expected an array of rules or { version, rules: [...] }'));
  }
  const { validateRules } = await import('./prepare');
  const { rules, issues } = validateRules(list, 'rules', regex);
  if (rules.length === 0 && issues.length > 0) {
    // Nothing usable: not a success, or a server that sends only broken rules would look fine.
    const error = new NudgeKitError(ERROR_CODES.rulesLoadFailed, `every rule in the document was refused (${issues.length} problem${issues.length > 1 ? 's' : ''}, first: ${issues[0]!.path}: ${issues[0]!.message})`);
    return { ok: false, source: 'error', rules, issues, error };
  }
  return { ok: true, source, rules, issues, ...(version !== undefined && { version }) };
}

function failure(error: NudgeKitError): LoadRulesResult {
  return { ok: false, source: 'error', rules: [], issues: [], error };
}
