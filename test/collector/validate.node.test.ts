/**
 * Event validation, one rule at a time, then with fast-check: whatever a client sends,
 * the collector answers 200 with every event either stored or rejected with a reason,
 * never a 500 that a client would retry for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type Collector, WRITE_KEY, checkBatchBody, freshDataDir, post, removeDir, startCollector, trackEvent, validateEvent, countEvents } from './helpers';

const now = new Date('2026-11-23T12:00:00Z');
const OUT_OF_RANGE = 'timestamp: out of range: expected a date-time from 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z';

describe('validateEvent', () => {
  it('accepts a NudgeKit track event and maps it to its row', () => {
    const event = trackEvent({ messageId: 'm-1', timestamp: '2026-11-23T10:00:00+02:00', context: { lifecycle: { stage: 'active', tier: 'mid' } } });
    const result = validateEvent(event, now);
    expect(result).toEqual({
      ok: true,
      row: {
        message_id: 'm-1',
        type: 'track',
        event: 'product_viewed',
        user_id: null,
        anonymous_id: 'anon-1',
        timestamp: '2026-11-23T08:00:00.000Z',
        stage: 'active',
        tier: 'mid',
        properties: { sku: 'A-1' },
        context: { lifecycle: { stage: 'active', tier: 'mid' } },
        raw: event,
      },
    });
  });

  it('takes the stage of a stage_change event from properties.to, and traits as the properties of identify', () => {
    const change = validateEvent(trackEvent({ event: 'stage_change', properties: { from: 'silent', to: 'resurrected' }, context: { lifecycle: { stage: 'silent', tier: 'low' } } }), now);
    expect(change.ok && change.row.stage).toBe('resurrected');
    const identify = validateEvent({ type: 'identify', messageId: 'i-1', userId: 'u-1', traits: { plan: 'pro' } }, now);
    expect(identify.ok && identify.row.properties).toEqual({ plan: 'pro' });
    // No timestamp: the time it was received, as Segment does.
    expect(identify.ok && identify.row.timestamp).toBe(now.toISOString());
  });

  it.each([
    ['not an object', 'hello', 'event: expected an object'],
    ['an array', [], 'event: expected an object'],
    ['an unknown type', { type: 'click' }, 'type: expected one of track, identify, page, screen, group, alias'],
    ['no messageId', { messageId: undefined }, 'messageId: expected a string of 1 to 100 characters'],
    ['an empty messageId', { messageId: '' }, 'messageId: expected a string of 1 to 100 characters'],
    ['a numeric messageId', { messageId: 42 }, 'messageId: expected a string of 1 to 100 characters'],
    ['a 101-character messageId', { messageId: 'm'.repeat(101) }, 'messageId: expected a string of 1 to 100 characters'],
    ['a timestamp that is not a date', { timestamp: 'yesterday' }, 'timestamp: expected an ISO 8601 date-time'],
    ['a timestamp V8 would half-parse', { timestamp: '1' }, 'timestamp: expected an ISO 8601 date-time'],
    ['a numeric timestamp', { timestamp: 1763900000000 }, 'timestamp: expected an ISO 8601 date-time'],
    ['month 13', { timestamp: '2026-13-01T00:00:00Z' }, 'timestamp: expected an ISO 8601 date-time'],
    ['February 30 (V8 would read March 2)', { timestamp: '2026-02-30T10:00:00Z' }, 'timestamp: expected an ISO 8601 date-time'],
    ['February 29 of a common year', { timestamp: '2100-02-29' }, 'timestamp: expected an ISO 8601 date-time'],
    ['the year 0', { timestamp: '0000-01-01' }, OUT_OF_RANGE],
    ['a time past 9999 once in UTC', { timestamp: '9999-12-31T23:59:59-14:00' }, OUT_OF_RANGE],
    ['a track event without a name', { event: undefined }, 'event: a track event needs a name of 1 to 200 characters'],
    ['a blank event name', { event: '   ' }, 'event: a track event needs a name of 1 to 200 characters'],
    ['neither anonymousId nor userId', { anonymousId: null, userId: null }, 'anonymousId or userId: one of them is required'],
    ['a numeric userId', { userId: 7 }, 'userId: expected a string of 1 to 255 characters or null'],
    ['properties as an array', { properties: [1] }, 'properties: expected an object'],
    ['context as a string', { context: 'x' }, 'context: expected an object'],
    ['a NUL in a key', { properties: { 'a\u0000': 1 } }, 'properties.a\uFFFD (key): contains a NUL character, which PostgreSQL cannot store'],
    ['a NUL and a newline in a key (the reason stays on one line)', { properties: { 'a\n\u0000': 1 } }, 'properties.a\uFFFD\uFFFD (key): contains a NUL character, which PostgreSQL cannot store'],
    ['a lone surrogate in a long key', { properties: { [`${'k'.repeat(50)}\uD800`]: 1 } }, `properties.${'k'.repeat(40)}… (key): contains a lone UTF-16 surrogate, which PostgreSQL cannot store`],
    ['a lone surrogate deep inside', { properties: { list: [{ x: '\uDC00' }] } }, 'properties.list[0].x: contains a lone UTF-16 surrogate, which PostgreSQL cannot store'],
  ])('rejects an event with %s', (_name, change, reason) => {
    const event = typeof change === 'object' && change !== null && !Array.isArray(change) ? { ...trackEvent(), ...change } : change;
    expect(validateEvent(event, now)).toEqual({ ok: false, reason });
  });

  it('rejects nesting deeper than 32 levels and events over the size limit', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const nested = validateEvent(trackEvent({ properties: deep }), now);
    expect(nested.ok === false && nested.reason).toMatch(/nested deeper than 32 levels$/);
    const big = validateEvent(trackEvent({ properties: { blob: 'x'.repeat(40_000) } }), now);
    expect(big.ok === false && big.reason).toMatch(/^event: \d+ bytes, over the limit of 32768$/);
    expect(validateEvent(trackEvent({ properties: { blob: 'x'.repeat(40_000) } }), now, 64 * 1024).ok).toBe(true);
  });

  it('accepts leap days (year 4 too, not read as 1904) and the edges of the storable range', () => {
    for (const [timestamp, stored] of [
      ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
      ['0004-02-29', '0004-02-29T00:00:00.000Z'],
      ['0001-01-01T01:00:00+01:00', '0001-01-01T00:00:00.000Z'],
      ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ]) {
      const result = validateEvent(trackEvent({ timestamp }), now);
      expect(result.ok && result.row.timestamp).toBe(stored);
    }
  });

  it('lets a batch through whose sentAt is well formed but out of range (it is stored as null), not one whose sentAt is no date', () => {
    expect(checkBatchBody({ batch: [], sentAt: '0000-06-01T00:00:00Z' })).toBeNull();
    expect(checkBatchBody({ batch: [], sentAt: '2026-02-30T00:00:00Z' })).toBe('sentAt: expected an ISO 8601 date-time');
  });

  it('needs groupId for group and previousId for alias', () => {
    expect(validateEvent({ type: 'group', messageId: 'g', userId: 'u' }, now)).toEqual({ ok: false, reason: 'groupId: required for a group event' });
    expect(validateEvent({ type: 'alias', messageId: 'a', userId: 'u' }, now)).toEqual({ ok: false, reason: 'previousId: required for an alias event' });
    expect(validateEvent({ type: 'alias', messageId: 'a', userId: 'u', previousId: 'anon' }, now).ok).toBe(true);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything(), (json, anything) => {
        for (const input of [json, anything, { ...trackEvent(), properties: json }]) {
          const result = validateEvent(input, now);
          expect(typeof result.ok).toBe('boolean');
        }
        expect(checkBatchBody(json) === null || typeof checkBatchBody(json) === 'string').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the collector with arbitrary events', () => {
  let collector: Collector;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await freshDataDir();
    collector = await startCollector({ writeKey: WRITE_KEY, dataDir });
  }, 60_000);
  afterAll(async () => {
    await collector?.close();
    await removeDir(dataDir);
  }, 60_000);

  it('answers 200 to any batch of JSON values, and accepted + duplicates + rejected = batch size', async () => {
    // Events close to valid, with any JSON (any string: NUL, lone surrogates, emoji) mixed into every field.
    const field = fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary' }), fc.constant(undefined));
    // Mostly valid values, so that a fair share of the events is accepted, not only rejected.
    const mostly = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: field, weight: 1 });
    const almostEvent = fc.record(
      {
        type: mostly(fc.constantFrom('track', 'page', 'screen', 'identify')),
        event: mostly(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '')),
        messageId: mostly(fc.uuid()),
        timestamp: mostly(fc.date({ noInvalidDate: true, min: new Date('0001-01-01'), max: new Date('9999-12-31') }).map((d) => d.toISOString())),
        anonymousId: mostly(fc.string({ unit: 'binary', minLength: 1 })),
        userId: field,
        properties: mostly(fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue())),
        context: mostly(fc.object()),
      },
      { requiredKeys: ['type', 'messageId', 'event', 'anonymousId'] },
    );
    let acceptedTotal = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(almostEvent, fc.jsonValue()), { maxLength: 12 }), async (batch) => {
        const before = await countEvents(collector);
        const { status, json } = await post(collector, { batch, sentAt: new Date().toISOString() });
        expect(status).toBe(200);
        expect(json.accepted + json.duplicates + json.rejected.length + (json.rejectedOmitted ?? 0)).toBe(batch.length);
        expect(await countEvents(collector)).toBe(before + json.accepted);
        acceptedTotal += json.accepted;
        for (const rejection of json.rejected) expect(rejection.reason).toMatch(/^\S.*: /);
      }),
      { numRuns: 60 },
    );
    expect(acceptedTotal).toBeGreaterThan(20);
  });
});
