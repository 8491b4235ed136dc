import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import fc from 'fast-check';
import { createEventSizer } from '../../src/client/event-size';
import { lifecycleBytes, MAX_LIFECYCLE_BYTES } from '../../src/profile/feature';
import { utf8Length } from '../../src/client/normalize';
import { STAGES, TIERS, type AnalyticsEvent, type EventContext, type JsonObject } from '../../src/core/types';
import { withStandardFeatures } from '../helpers/features';

const text = fc.string({ unit: 'binary', maxLength: 40 });
const json = fc.jsonValue() as fc.Arbitrary<unknown>;
const payload = fc.dictionary(text, json, { maxKeys: 6 }) as fc.Arbitrary<JsonObject>;
const library = { name: 'nudgekit' as const, version: '1.2.3' };

const context: fc.Arbitrary<EventContext> = fc.record(
  {
    session: fc.record({ id: fc.constantFrom('s-1', 's-2'), index: fc.nat(3) }),
    locale: fc.constantFrom('en-US', 'de-DE'),
    timezone: fc.constantFrom('UTC', 'Europe/Berlin'),
    userAgent: text,
    page: fc.record({ url: fc.constantFrom('https://a.test/x', 'https://a.test/ÿ'), path: text, referrer: fc.constant(''), title: text, search: fc.constantFrom('', '?q=1') }),
    screen: fc.record({ width: fc.constantFrom(320, 1920), height: fc.nat(3000), density: fc.constantFrom(1, 1.5, 2.625) }),
  },
  { requiredKeys: ['session'] },
).map((c) => ({ library, ...c }));

const base = fc.record({ messageId: fc.uuid(), timestamp: fc.date({ noInvalidDate: true, min: new Date(0) }).map((d) => d.toISOString()), anonymousId: text, userId: fc.option(text, { nil: null }), context });
const event: fc.Arbitrary<AnalyticsEvent> = fc.oneof(
  fc.tuple(base, text, payload).map(([b, name, properties]) => ({ type: 'track' as const, event: name, properties, ...b })),
  fc.tuple(base, payload).map(([b, traits]) => ({ type: 'identify' as const, traits, ...b })),
  fc.tuple(base, fc.option(text, { nil: null }), payload).map(([b, name, properties]) => ({ type: 'page' as const, name, properties, ...b })),
);

const serialized = (e: AnalyticsEvent) => utf8Length(JSON.stringify(e));

describe('event sizes without serialising the event', () => {
  it('equal the UTF-8 length of the JSON text, over sequences of events sharing or changing contexts', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 12 }), fc.boolean(), (events, passPayloadSize) => {
        const sizeOf = createEventSizer();
        for (const e of events) {
          // The client passes the size normalisation measured; without it the payload is serialised.
          const given = passPayloadSize ? utf8Length(JSON.stringify(e.type === 'identify' ? e.traits : e.properties)) : undefined;
          expect(sizeOf(e, given)).toBe(serialized(e));
          // What the client does next: the lifecycle is added to this very context object,
          // which must not change the size remembered for the next event with the same context.
          const stage = STAGES[e.messageId.charCodeAt(0) % STAGES.length]!;
          const tier = TIERS[e.messageId.charCodeAt(1) % TIERS.length]!;
          const before = serialized(e);
          e.context.lifecycle = { stage, tier };
          expect(serialized(e)).toBe(before + lifecycleBytes(stage, tier));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('notices a context that changed in place between two events', () => {
    const sizeOf = createEventSizer();
    const ctx: EventContext = { library, session: { id: 's', index: 1 }, page: { url: 'u', path: '/', referrer: '', title: 'a', search: '' } };
    const e: AnalyticsEvent = { type: 'track', event: 'x', properties: {}, messageId: 'm', timestamp: 't', anonymousId: 'a', userId: null, context: ctx };
    expect(sizeOf(e)).toBe(serialized(e));
    ctx.page!.title = 'a much longer title';
    ctx.session.index = 12;
    expect(sizeOf(e)).toBe(serialized(e));
  });

  it('keeps room for the longest stage and tier', () => {
    const most = Math.max(...STAGES.flatMap((s) => TIERS.map((t) => lifecycleBytes(s, t))));
    expect(MAX_LIFECYCLE_BYTES).toBe(most);
    expect(MAX_LIFECYCLE_BYTES).toBe(',"lifecycle":{"stage":"resurrected","tier":"high"}'.length);
  });

  it('gives the queue the exact size of every event the client tracks, whatever its properties, traits and context', async () => {
    const store = memoryStore();
    // Nothing is sent (no batch is due within the test): every event stays queued to be read back.
    const nk = createNudgeKit(withStandardFeatures({ clock: createManualClock(Date.UTC(2026, 0, 5, 9)), store, endpoint: 'http://127.0.0.1:9/v1/batch', batch: { intervalMs: 3_600_000, maxEvents: 1000 }, transport: async () => ({ status: 503 }) }));
    await nk.ready();
    nk.track('add_to_cart', { sku: 'é-€-😀', price: 19.99, qty: 2, tags: ['a\nb', '"q"'], nested: { at: new Date(0), n: -0 } });
    nk.identify('user-😀', { plan: 'pro', seats: 1e21 });
    nk.page('Pricing', { plan: '\u2028' });
    nk.track('purchase', { revenue: 120.5 }); // moves the tier: the lifecycle grows after sizing
    await new Promise((resolve) => setTimeout(resolve, 20));
    const records = await store.head(100);
    expect(records.length).toBeGreaterThanOrEqual(5);
    for (const record of records) expect(record.bytes).toBe(utf8Length(JSON.stringify(record.event)));
    await nk.shutdown();
  });
});
