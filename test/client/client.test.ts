import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, ConfigError, SYSTEM_EVENTS, type AnalyticsEvent, type NudgeKitError, type NudgeKitConfig } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { MAX_EVENT_BYTES } from '../../src/client/normalize';
import { withStandardFeatures } from '../helpers/features';
import { lifecycle } from '../../src/entries/lifecycle';
import { targeting } from '../../src/entries/rules';

const MINUTE = 60_000;

function setup(config: NudgeKitConfig = {}) {
  const clock = createManualClock(new Date(2026, 0, 5, 9, 0).getTime());
  const store = config.store ?? memoryStore();
  const errors: NudgeKitError[] = [];
  const events: AnalyticsEvent[] = [];
  const nk = createNudgeKit(withStandardFeatures({ clock, store, onError: (e) => errors.push(e), ...config }));
  nk.on('event', (e) => events.push(e));
  const names = () => events.map((e) => (e.type === 'track' ? e.event : e.type));
  return { nk, clock, store, errors, events, names };
}

describe('createNudgeKit', () => {
  it('throws a ConfigError naming the path of a bad option', () => {
    expect(() => createNudgeKit({ sessionTimeoutMs: -1 })).toThrow(ConfigError);
    expect(() => createNudgeKit({ sessionTimeoutMs: -1 })).toThrow(/^sessionTimeoutMs: /);
    expect(() => createNudgeKit({ redact: ['ok', 5 as never] })).toThrow(/^redact\[1\]: /);
    expect(() => createNudgeKit({ endpoint: 'https://x.test/v1/batch', batch: { maxEvents: 0 } })).toThrow(/batch\.maxEvents/);
    expect(() => createNudgeKit({ typo: 1 } as never)).toThrow(/^typo: unknown option/);
    expect(() => createNudgeKit({ timeZone: 'Mars/Olympus' })).toThrow(/^timeZone: /);
    expect(() => createNudgeKit({ features: 'lifecycle' as never })).toThrow(/^features: expected an array of features$/);
    expect(() => createNudgeKit({ features: [{} as never] })).toThrow(/^features\[0\]: expected a feature/);
    expect(() => createNudgeKit({ features: [lifecycle(), lifecycle()] })).toThrow(/^features\[1\]: a second "lifecycle" feature/);
    expect(() => targeting({ fatigue: { maxPerDay: -1 } })).toThrow(/^targeting\.fatigue\.maxPerDay: expected a number ≥ 0$/);
    expect(() => targeting({ fatigue: { perDay: 1 } as never })).toThrow(/^targeting\.fatigue\.perDay: unknown option/);
    expect(() => lifecycle({ maxEventNames: 1.5 })).toThrow(/^lifecycle\.maxEventNames: expected a positive integer$/);
    expect(() => lifecycle(5 as never)).toThrow(/^lifecycle: expected an object$/);
  });

  it('names the feature an option of the one-block client moved to', () => {
    expect(() => createNudgeKit({ rules: [] } as never)).toThrow(/^rules: moved: pass it in features: \[targeting\(\{ rules \}\) from 'nudgekit\/rules'\]$/);
    expect(() => createNudgeKit({ lifecycle: {} } as never)).toThrow(/^lifecycle: moved: pass it in features: \[lifecycle\(\{\.\.\.\}\) from 'nudgekit\/lifecycle'\]$/);
    expect(() => createNudgeKit({ format: 'posthog' } as never)).toThrow(/^format: expected a function, e\.g\. posthogFormat from 'nudgekit\/formats'$/);
  });

  it('builds Segment-shaped events with ids, timestamp and context', async () => {
    const { nk, events, clock } = setup();
    nk.track('add_to_cart', { sku: 'A-1', price: 20 });
    await nk.flush();
    const event = events.find((e) => e.type === 'track' && e.event === 'add_to_cart');
    expect(event).toMatchObject({
      type: 'track',
      event: 'add_to_cart',
      properties: { sku: 'A-1', price: 20 },
      timestamp: new Date(clock.now()).toISOString(),
      userId: null,
      context: { library: { name: 'nudgekit' }, session: { index: 1 } },
    });
    expect(event?.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event?.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event?.context.lifecycle?.stage).toBeTruthy();
  });

  it('holds calls made before storage is open and processes them in order', async () => {
    const { nk, names } = setup();
    nk.track('first');
    nk.page('Home');
    nk.identify('user-1', { plan: 'pro' });
    nk.track('second');
    expect(names()).toEqual([]);
    await nk.ready();
    expect(names()).toEqual(['session_start', 'first', 'page', 'identify', 'second']);
  });

  it('keeps the anonymous id and user id for a new client on the same store', async () => {
    const store = memoryStore();
    const first = setup({ store });
    first.nk.identify('user-7');
    first.nk.track('x');
    await first.nk.shutdown();
    const second = setup({ store });
    second.nk.track('y');
    await second.nk.flush();
    const before = first.events.find((e) => e.type === 'track' && e.event === 'x')!;
    const after = second.events.find((e) => e.type === 'track' && e.event === 'y')!;
    expect(after.anonymousId).toBe(before.anonymousId);
    expect(after.userId).toBe('user-7');
  });

  it('starts a new session after 30 idle minutes, emitting session_start first, and continues it across reloads', async () => {
    const store = memoryStore();
    const { nk, clock, events, names } = setup({ store });
    nk.track('a');
    await nk.flush();
    clock.advance(29 * MINUTE);
    nk.track('b');
    await nk.flush();
    clock.advance(30 * MINUTE);
    nk.track('c');
    await nk.flush();
    expect(names()).toEqual(['session_start', 'a', 'b', 'session_start', 'c']);
    const indexes = events.map((e) => e.context.session.index);
    expect(indexes).toEqual([1, 1, 1, 2, 2]);
    await nk.shutdown();

    const reloaded = createNudgeKit(withStandardFeatures({ clock, store }));
    const seen: AnalyticsEvent[] = [];
    reloaded.on('event', (e) => seen.push(e));
    clock.advance(MINUTE);
    reloaded.track('d');
    await reloaded.flush();
    expect(seen.map((e) => e.context.session)).toEqual([events[4]!.context.session]);
  });

  it('rejects an event over 32 KB and counts it', async () => {
    const { nk, errors, names } = setup();
    nk.track('big', { blob: 'x'.repeat(MAX_EVENT_BYTES) });
    nk.track('small');
    await nk.flush();
    expect(names()).toEqual(['session_start', 'small']);
    expect(errors.map((e) => e.code)).toContain('event_too_large');
    expect(nk.stats().rejected).toBe(1);
  });

  it('never accepts an event that its lifecycle context would push over 32 KB', async () => {
    // The 5th purchase moves the tier from "mid" to "high": the event grows by a byte after
    // the size check. Sized to exactly 32 KB before that, it must be rejected, not sent over.
    const { nk, errors, events } = setup();
    const purchase = (blob: number) => nk.track('purchase', { revenue: 1, blob: 'x'.repeat(blob) });
    for (let i = 0; i < 4; i++) purchase(1000);
    await nk.flush();
    const fourth = events.filter((e) => e.type === 'track' && e.event === 'purchase').at(-1)!;
    expect(fourth.context.lifecycle).toEqual({ stage: 'new', tier: 'mid' });
    const room = MAX_EVENT_BYTES - new TextEncoder().encode(JSON.stringify(fourth)).length;

    purchase(1000 + room);
    await nk.flush();
    expect(errors.map((e) => e.code)).toEqual(['event_too_large']);
    purchase(1000 + room - 9); // room kept for the longest stage and tier names: 15 - 'new mid'.length
    await nk.flush();
    const fifth = events.at(-1)!;
    expect(fifth.context.lifecycle).toEqual({ stage: 'new', tier: 'high' });
    for (const event of events) expect(new TextEncoder().encode(JSON.stringify(event)).length).toBeLessThanOrEqual(MAX_EVENT_BYTES);
  });

  it('rejects track() of the names NudgeKit uses for its own events, and counts it', async () => {
    const { nk, errors, names } = setup();
    for (const name of Object.values(SYSTEM_EVENTS)) nk.track(name as never);
    nk.track(' nudge_shown ' as never, { ruleId: 'fake' });
    nk.track('nudge_shown_in_app_banner');
    await nk.flush();
    expect(names()).toEqual(['session_start', 'nudge_shown_in_app_banner']);
    const rejected = Object.keys(SYSTEM_EVENTS).length + 1;
    expect(errors.map((e) => e.code)).toEqual(Array(rejected).fill('reserved_event'));
    expect(errors[0]!.message).toBe('track(): "session_start" is reserved for NudgeKit\'s own events; the event was not tracked');
    expect(nk.stats()).toMatchObject({ rejected, dropped: rejected });
  });

  it('keeps at most 100 trait keys for the user and the profile, reports the rest, and still delivers every identify', async () => {
    const store = memoryStore();
    const { nk, errors, events } = setup({ store });
    for (let i = 0; i < 150; i++) nk.identify('user-1', { [`t${i}`]: i });
    nk.identify('user-1', { t0: 'changed' }); // a key already kept may change
    await nk.flush();
    expect(events.filter((e) => e.type === 'identify')).toHaveLength(151);
    const kept = Object.keys(nk.user().traits);
    expect(kept).toHaveLength(100);
    expect(nk.user().traits).toMatchObject({ t0: 'changed', t99: 99 });
    expect(kept).not.toContain('t100');
    expect(Object.keys(nk.profile()!.traits)).toEqual(kept);
    expect(errors.filter((e) => e.code === 'invalid_property')).toHaveLength(50);
    await nk.shutdown();
    expect(JSON.stringify(await store.get('traits')).length).toBeLessThan(4096);
  });

  it('reset() starts a new anonymous id without a user id', async () => {
    const { nk, events } = setup();
    nk.identify('user-1');
    nk.track('before');
    nk.reset();
    nk.track('after');
    await nk.flush();
    const before = events.find((e) => e.type === 'track' && e.event === 'before')!;
    const after = events.find((e) => e.type === 'track' && e.event === 'after')!;
    expect(before.userId).toBe('user-1');
    expect(after.userId).toBeNull();
    expect(after.anonymousId).not.toBe(before.anonymousId);
  });

  it('forget() erases what is stored', async () => {
    const store = memoryStore();
    const { nk } = setup({ store });
    nk.identify('user-1', { plan: 'pro' });
    nk.track('x');
    await nk.flush();
    await new Promise((r) => setTimeout(r, 0));
    expect(await store.get('userId')).toBe('user-1');
    await nk.forget();
    expect(await store.get('userId')).toBeUndefined();
    expect(await store.get('traits')).toBeUndefined();
    expect(nk.user().userId).toBeNull();
  });

  it('with requireConsent stores and sends nothing before consent, then processes the held calls', async () => {
    const store = memoryStore();
    const sent: unknown[] = [];
    const { nk, names } = setup({
      store,
      requireConsent: true,
      endpoint: 'http://127.0.0.1:9/v1/batch',
      transport: async (request) => {
        sent.push(request);
        return { status: 200 };
      },
    });
    nk.track('early');
    await nk.ready();
    await new Promise((r) => setTimeout(r, 0));
    expect(names()).toEqual([]);
    expect(await store.get('anonymousId')).toBeUndefined();
    expect((await store.size()).count).toBe(0);
    nk.setConsent('granted');
    await nk.ready();
    await new Promise((r) => setTimeout(r, 10));
    await nk.flush();
    expect(names()).toEqual(['session_start', 'early']);
    expect(await store.get('anonymousId')).toBeTruthy();
    expect(sent.length).toBeGreaterThan(0);
  });

  it('with consent denied drops calls and counts them', async () => {
    const { nk, names } = setup({ requireConsent: true });
    nk.setConsent('denied');
    nk.track('x');
    await nk.flush();
    expect(names()).toEqual([]);
    expect(nk.stats().consentDropped).toBe(1);
  });

  it('reports calls after shutdown instead of throwing', async () => {
    const { nk, errors } = setup();
    await nk.shutdown();
    expect(() => nk.track('late')).not.toThrow();
    expect(errors.map((e) => e.code)).toContain('shut_down');
  });

  it('redacts configured keys before anything is stored', async () => {
    const { nk, events } = setup({ redact: ['email'] });
    nk.identify('u', { email: 'a@b.c', plan: 'pro' });
    await nk.flush();
    expect(events.find((e) => e.type === 'identify')).toMatchObject({ traits: { email: '[redacted]', plan: 'pro' } });
  });

  it('isolates a throwing listener and reports it', async () => {
    const { nk, errors, events } = setup();
    nk.on('event', () => {
      throw new Error('host bug');
    });
    nk.track('x');
    await nk.flush();
    expect(events.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.code === 'callback_failed')).toBe(true);
  });

  it('runs plugins in order: they can change, replace or cancel an event, and one that throws is skipped', async () => {
    const { nk, events, errors } = setup({
      plugins: [
        { name: 'drop-debug', before: (e) => (e.type === 'track' && e.event.startsWith('debug_') ? null : e) },
        { name: 'broken', before: () => { throw new Error('plugin bug'); } },
        { name: 'release', before: (e) => { e.context.app = { release: '1.4.2' }; } },
      ],
    });
    nk.track('debug_ping');
    nk.track('kept');
    await nk.flush();
    expect(events.map((e) => (e.type === 'track' ? e.event : e.type))).toEqual(['session_start', 'kept']);
    expect(events.every((e) => (e.context.app as { release?: string } | undefined)?.release === '1.4.2')).toBe(true);
    expect(errors.filter((e) => e.code === 'callback_failed').length).toBeGreaterThan(0);
    expect(nk.stats()).toMatchObject({ cancelled: 1, dropped: 0 });
  });

  it('rejects a plugin without a name at config time', () => {
    expect(() => createNudgeKit(withStandardFeatures({ plugins: [{ before: () => undefined } as never] }))).toThrow(/^plugins\[0\]\.name: /);
  });
});
