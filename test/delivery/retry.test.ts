import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay, classifyStatus, parseRetryAfter } from '../../src/delivery/index';
import { MAX_RETRY_AFTER_MS, headerValue } from '../../src/delivery/retry';

describe('classifyStatus', () => {
  it('accepts every 2xx', () => {
    for (const status of [200, 201, 202, 204, 299]) expect(classifyStatus(status)).toBe('ok');
  });
  it('retries 408, 429, 5xx and no answer at all', () => {
    for (const status of [0, 408, 429, 500, 502, 503, 504, 599]) expect(classifyStatus(status)).toBe('retry');
  });
  it('splits 413, 400 and 422 to isolate the event at fault', () => {
    for (const status of [400, 413, 422]) expect(classifyStatus(status)).toBe('split');
  });
  it('rejects the other 4xx for good', () => {
    for (const status of [401, 403, 404, 405, 410, 451]) expect(classifyStatus(status)).toBe('reject');
  });
  it('never counts a 3xx as delivered: a redirect not followed keeps the batch', () => {
    for (const status of [300, 301, 302, 303, 304, 307, 308]) expect(classifyStatus(status)).toBe('redirect');
  });
});

describe('backoffDelay', () => {
  it('stays within [0, min(maxMs, baseMs * 2^(n-1))] for any attempt and random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.integer({ min: 1, max: 5000 }), (n, r, base) => {
        const maxMs = base * 64;
        const delay = backoffDelay(n, { baseMs: base, maxMs }, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(maxMs, base * 2 ** (n - 1)));
        expect(Number.isInteger(delay)).toBe(true);
      }),
    );
  });
  it('grows exponentially at the top of the jitter range and is capped', () => {
    const top = () => 0.999999;
    const policy = { baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, top))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('uses full jitter: the bottom of the range is zero', () => {
    expect(backoffDelay(5, { baseMs: 100, maxMs: 10_000 }, () => 0)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });
  it('reads an HTTP date, and a past date means now', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('caps absurd values at one hour', () => {
    expect(parseRetryAfter('999999999', now)).toBe(MAX_RETRY_AFTER_MS);
  });
  it('ignores missing and malformed values', () => {
    for (const bad of [undefined, '', '-5', 'soon', '1e3', '12abc']) expect(parseRetryAfter(bad, now)).toBeUndefined();
  });
  it('never throws and never returns a negative or non-finite delay for any string', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const value = parseRetryAfter(text, now);
        if (value !== undefined) expect(value >= 0 && value <= MAX_RETRY_AFTER_MS).toBe(true);
      }),
    );
  });
  it('finds headers whatever their case', () => {
    expect(headerValue({ 'Retry-After': '3' }, 'retry-after')).toBe('3');
    expect(headerValue(undefined, 'retry-after')).toBeUndefined();
  });
});
