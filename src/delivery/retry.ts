/**
 * The retry policy, as pure functions: what a status means, how long to wait.
 * Kept free of timers and I/O so it is tested exhaustively.
 */

/**
 * What to do with a batch after the server answered (or did not).
 *
 * @example
 * ```ts
 * const verdict: Verdict = classifyStatus(413); // 'split'
 * ```
 */
export type Verdict = 'ok' | 'retry' | 'split' | 'reject' | 'redirect';

/**
 * Maps an HTTP status to a verdict.
 * - 2xx: delivered.
 * - 408, 429, 5xx (and `0`, our code for a network error or timeout): transient, retry the same batch.
 * - 413 (too large), 400 and 422 (one malformed event usually poisons the whole batch): split
 *   in halves and send each, so only the offending event is dropped in the end.
 * - Any other 4xx (401, 403, 404, ...): no retry will help; drop the batch and report it.
 * - 3xx: a redirect the sender did not follow (see `redirects.ts`): not delivered; the batch is
 *   kept and retried like a transient failure, and reported as `delivery_redirected`.
 * - 1xx: fetch never hands one over, so one reaching us means something is off: retry.
 *
 * @example
 * ```ts
 * classifyStatus(503); // 'retry'
 * ```
 */
export function classifyStatus(status: number): Verdict {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 413 || status === 400 || status === 422) return 'split';
  if (status === 408 || status === 429) return 'retry';
  if (status >= 400 && status < 500) return 'reject';
  if (status >= 300 && status < 400) return 'redirect';
  return 'retry';
}

/**
 * Exponential backoff with full jitter: a uniform delay in `[0, min(maxMs, baseMs * 2^(failures-1))]`.
 * Full jitter spreads many clients that failed together (an outage) over the whole window
 * instead of having them retry in lock-step (see the AWS architecture blog, "Exponential Backoff And Jitter").
 *
 * @param failures consecutive failures so far, from 1.
 * @param random a number in `[0, 1)`; injectable for tests.
 * @example
 * ```ts
 * backoffDelay(3, { baseMs: 1000, maxMs: 60_000 }); // somewhere in [0, 4000]
 * ```
 */
export function backoffDelay(failures: number, policy: { baseMs: number; maxMs: number }, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * (ceiling + 1));
}

/** The longest `Retry-After` we obey (1 hour): a bogus header must not park the queue for days. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Parses a `Retry-After` header: delta-seconds (`"120"`) or an HTTP date. Returns ms to wait,
 * or `undefined` when absent or malformed. Capped at {@link MAX_RETRY_AFTER_MS}; a date in the past gives 0.
 *
 * @example
 * ```ts
 * parseRetryAfter('2', Date.now()); // 2000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.now());
 * ```
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Math.round(Number(text) * 1000), MAX_RETRY_AFTER_MS);
  // Only real HTTP dates: Date.parse accepts far too much (e.g. "1").
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - now, 0), MAX_RETRY_AFTER_MS);
}

/** Reads a header case-insensitively (custom transports may not lower-case names). */
export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === lower) return headers[key];
  }
  return undefined;
}
