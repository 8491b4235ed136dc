/**
 * Property-based: whatever the host app passes to track/identify/page, each call has
 * exactly one outcome. Accepted: exactly one event of that call reaches the backend, as
 * valid JSON under 32 KB. Rejected: exactly one report with the rejection's code, counted
 * in stats().rejected, and nothing sent. Never a throw.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createNudgeKit, memoryStore, SYSTEM_EVENTS, type AnalyticsEvent, type NudgeKitError } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { MAX_EVENT_BYTES } from '../../src/client/normalize';
import { withStandardFeatures } from '../helpers/features';

type Method = 'track' | 'identify' | 'page';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
  get length(): number {
    return Math.hypot(this.x, this.y);
  }
}

const RESERVED: readonly string[] = Object.values(SYSTEM_EVENTS);

/** Everything JSON cannot carry as is, and values around and over the 32 KB limit. */
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }), // lone surrogates included
  fc.integer(),
  fc.double(), // NaN, ±Infinity and -0 included
  fc.constantFrom(NaN, Infinity, -Infinity, -0, undefined, null, true),
  fc.bigInt(),
  fc.date(), // invalid dates included
  fc.func(fc.integer()),
  fc.string().map((s) => Symbol(s)),
  fc.tuple(fc.integer(), fc.integer()).map(([x, y]) => new Point(x, y)),
  fc.string().map((m) => new TypeError(m)),
  fc.constant(new Map<unknown, unknown>([['k', 1], [{ an: 'object key' }, 10n]])),
  fc.constant(new Set([1, 'two', () => 3])),
  fc.constant(new Uint8Array([1, 2, 3])),
  fc.constant(
    Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter threw');
      },
    }),
  ),
  fc.constant(new Proxy({}, { ownKeys: () => { throw new Error('trap threw'); } })),
  // 8-40 KB of one- or two-byte characters: alone or together, around and over the limit.
  fc.tuple(fc.integer({ min: 8_000, max: 40_000 }), fc.constantFrom('x', 'é')).map(([n, c]) => c.repeat(c === 'x' ? n : n / 2)),
);

const key = fc.oneof({ weight: 5, arbitrary: fc.string({ maxLength: 8 }) }, fc.constantFrom('__proto__', 'constructor', 'prototype', 'toJSON'));

const { value, object } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  // Null-prototype objects included.
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
}));

/** Objects that sometimes point back at themselves, directly or through a child. */
const properties = fc.tuple(object as fc.Arbitrary<Record<string, unknown>>, fc.constantFrom('none', 'self', 'child')).map(([o, loop]) => {
  if (loop === 'self') o.self = o;
  if (loop === 'child') o.child = { parent: o };
  return o;
});

const argument = fc.oneof({ weight: 4, arbitrary: properties }, value);
const name = fc.oneof(fc.string(), fc.string({ maxLength: 3 }).map((s) => ` ${s} `), fc.constantFrom(...RESERVED, '', '   ', 'x'.repeat(201), 'x'.repeat(256), 'x'.repeat(257)), value);
const call = fc.tuple(fc.constantFrom<Method>('track', 'identify', 'page'), name, argument);

/** The outcome the documented checks give for the first argument, independent of the client. */
function expectedRejection(method: Method, first: unknown): string | undefined {
  if (method === 'track') {
    if (typeof first !== 'string' || first.trim() === '' || first.trim().length > 200) return 'invalid_event_name';
    if (RESERVED.includes(first.trim())) return 'reserved_event';
  }
  if (method === 'identify' && (typeof first !== 'string' || first.trim() === '' || first.length > 256)) return 'invalid_argument';
  return undefined;
}

/** Codes that mean "this call was rejected" for each method (a bad page name only leaves the name out). */
const REJECTION_CODES: Record<Method, readonly string[]> = {
  track: ['invalid_event_name', 'reserved_event', 'event_too_large'],
  identify: ['invalid_argument', 'event_too_large'],
  page: ['event_too_large'],
};

const isUserEvent = (e: AnalyticsEvent) => e.type !== 'track' || !RESERVED.includes(e.event);

describe('track, identify and page on arbitrary input', () => {
  it('give each call exactly one outcome: one event delivered, or one rejection reported and counted', async () => {
    const errors: NudgeKitError[] = [];
    const delivered: AnalyticsEvent[] = [];
    const nk = createNudgeKit(withStandardFeatures({
      clock: createManualClock(Date.UTC(2026, 0, 5, 9)),
      store: memoryStore(),
      endpoint: 'http://127.0.0.1:9/v1/batch',
      batch: { intervalMs: 3_600_000 },
      transport: async (request) => {
        delivered.push(...(JSON.parse(String(request.body)) as { batch: AnalyticsEvent[] }).batch);
        return { status: 200 };
      },
      onError: (e) => errors.push(e),
    }));
    await nk.ready();
    const outcomes = { accepted: 0, rejectedByInput: 0, tooLarge: 0 };

    await fc.assert(
      fc.asyncProperty(call, async ([method, first, second]) => {
        const errorsBefore = errors.length;
        const deliveredBefore = delivered.length;
        const rejectedBefore = nk.stats().rejected;
        expect(() => (nk[method] as (a: unknown, b: unknown) => void)(first, second)).not.toThrow();
        await nk.flush();

        const reports = errors.slice(errorsBefore);
        const rejections = reports.filter((e) => REJECTION_CODES[method].includes(e.code));
        const events = delivered.slice(deliveredBefore).filter(isUserEvent);
        const rejected = nk.stats().rejected - rejectedBefore;
        const expected = expectedRejection(method, first) ?? (rejections[0]?.code === 'event_too_large' ? 'event_too_large' : undefined);

        if (expected) {
          expect(rejections.map((e) => e.code)).toEqual([expected]);
          expect(rejected).toBe(1);
          expect(events).toEqual([]);
          if (expected === 'event_too_large') outcomes.tooLarge++;
          else outcomes.rejectedByInput++;
          return;
        }
        outcomes.accepted++;
        expect(rejections).toEqual([]);
        expect(rejected).toBe(0);
        expect(events).toHaveLength(1);
        const event = events[0]!;
        expect(event.type).toBe(method);
        if (event.type === 'track') expect(event.event).toBe((first as string).trim());
        if (event.type === 'identify') expect(event.userId).toBe(first);
        if (method === 'page' && typeof first !== 'string' && first !== undefined && first !== null) {
          expect(reports.filter((e) => e.code === 'invalid_argument')).toHaveLength(1);
        }
        const text = JSON.stringify(event);
        expect(JSON.parse(text)).toEqual(event);
        expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(MAX_EVENT_BYTES);
      }),
      { numRuns: 300 },
    );

    // Each outcome was exercised, and nothing left the client uncounted.
    expect(outcomes.accepted).toBeGreaterThan(20);
    expect(outcomes.rejectedByInput).toBeGreaterThan(20);
    expect(outcomes.tooLarge).toBeGreaterThan(5);
    const stats = nk.stats();
    expect(stats).toMatchObject({ queued: 0, sent: delivered.length, rejected: outcomes.rejectedByInput + outcomes.tooLarge, dropped: stats.rejected });
    await nk.shutdown();
  });
});
