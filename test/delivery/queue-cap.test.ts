import { describe, expect, it, onTestFinished } from 'vitest';
import { createManualClock } from '../../src/core/clock';
import type { NudgeKitError } from '../../src/core/errors';
import type { TrackEvent } from '../../src/core/types';
import { memoryStore } from '../../src/storage/memory';
import { STORE_KEYS, type Store } from '../../src/storage/store';
import { createDelivery, type DeliveryOptions } from '../../src/delivery/index';
import { makeEvent, scriptedTransport, settle, sizeOf, spyStore, elected } from './helpers';

function setup(queue: NonNullable<DeliveryOptions['queue']>, store: Store = memoryStore()) {
  const errors: NudgeKitError[] = [];
  const scripted = scriptedTransport(() => ({ status: 200 }));
  const delivery = createDelivery({ store, clock: createManualClock(), onError: (e) => errors.push(e), options: { endpoint: '/b', queue, transport: scripted.transport } });
  const enqueue = (n: number) => {
    const events = Array.from({ length: n }, () => makeEvent());
    for (const event of events) delivery.enqueue(event, sizeOf(event));
    return events;
  };
  return { store, errors, delivery, enqueue, ...scripted };
}

const ids = (events: { messageId: string }[]) => events.map((e) => e.messageId);

describe('queue caps', () => {
  it('drops the oldest first, reports the count in stats, onError and the next batch, then stops reporting it', async () => {
    const t = setup({ maxEvents: 10 });
    const first = t.enqueue(8);
    await t.delivery.whenPersisted();
    const second = t.enqueue(7);
    await t.delivery.whenPersisted();
    await settle();
    const kept = [...first, ...second].slice(5);
    expect(ids((await t.store.head(100)).map((r) => r.event as TrackEvent))).toEqual(ids(kept));
    expect(t.delivery.stats()).toMatchObject({ dropped: 5, queued: 10 });
    expect(t.errors.map((e) => [e.code, e.details.dropped])).toEqual([['queue_overflow', 5]]);
    expect(await t.store.get(STORE_KEYS.dropped)).toBe(5);

    await t.delivery.start();
    await t.delivery.flush();
    const batch = t.requests[0]!.events;
    expect(ids(batch)).toEqual(ids(kept));
    expect(batch[0]!.context.droppedEvents).toBe(5);
    expect(batch.slice(1).every((e) => e.context.droppedEvents === undefined)).toBe(true);
    expect(await t.store.get(STORE_KEYS.dropped)).toBeUndefined();

    t.enqueue(1);
    await t.delivery.flush();
    expect(t.requests[1]!.events[0]!.context.droppedEvents).toBeUndefined();
  });

  it('caps events still waiting to be written too (one tick over the cap)', async () => {
    const t = setup({ maxEvents: 10 });
    const events = t.enqueue(15);
    await t.delivery.whenPersisted();
    expect(ids((await t.store.head(100)).map((r) => r.event as TrackEvent))).toEqual(ids(events.slice(5)));
    expect(t.delivery.stats().dropped).toBe(5);
  });

  it('enforces the byte cap, oldest first', async () => {
    const sample = makeEvent();
    const size = sizeOf(sample);
    const t = setup({ maxEvents: 1000, maxBytes: size * 4 + 2 });
    const events = t.enqueue(3);
    await t.delivery.whenPersisted();
    const more = t.enqueue(3);
    await t.delivery.whenPersisted();
    await settle();
    const stored = await t.store.head(100);
    expect(stored.reduce((s, r) => s + r.bytes, 0)).toBeLessThanOrEqual(size * 4 + 2);
    expect(ids(stored.map((r) => r.event as TrackEvent))).toEqual(ids([...events, ...more].slice(2)));
    expect(t.delivery.stats().dropped).toBe(2);
  });

  it('remembers the dropped count across a restart', async () => {
    const store = memoryStore();
    const before = setup({ maxEvents: 3 }, store);
    before.enqueue(3);
    await before.delivery.whenPersisted();
    before.enqueue(2);
    await before.delivery.whenPersisted();
    await settle();
    const after = setup({ maxEvents: 3 }, store);
    await after.delivery.start();
    await after.delivery.flush();
    expect(after.requests[0]!.events[0]!.context.droppedEvents).toBe(2);
  });

  it('counts every drop of a burst over the cap in the store, and reports the burst once', async () => {
    const store = memoryStore();
    const before = setup({ maxEvents: 10 }, store);
    before.enqueue(15); // one tick: each enqueue past the cap drops one
    await before.delivery.whenPersisted();
    await settle();
    expect(await store.get(STORE_KEYS.dropped)).toBe(5);
    expect(before.errors.map((e) => [e.code, e.details.dropped])).toEqual([['queue_overflow', 5]]);
    const after = setup({ maxEvents: 10 }, store);
    await after.delivery.start();
    await after.delivery.flush();
    expect(after.requests[0]!.events[0]!.context.droppedEvents).toBe(5);
  });

  it("reports drops made by a tab that does not send in the sending tab's next batch", async () => {
    const descriptor = Object.getOwnPropertyDescriptor(navigator, 'locks');
    Object.defineProperty(navigator, 'locks', { configurable: true, value: undefined });
    onTestFinished(() => {
      if (descriptor) Object.defineProperty(navigator, 'locks', descriptor);
      else delete (navigator as { locks?: unknown }).locks;
    });
    const store = spyStore(memoryStore(), 'shared');
    const tab = (tabId: string) => {
      const clock = createManualClock();
      const scripted = scriptedTransport(() => ({ status: 200 }));
      const delivery = createDelivery({ store, clock, tabId, onError: () => {}, options: { endpoint: '/b', queue: { maxEvents: 10 }, batch: { intervalMs: 60_000 }, transport: scripted.transport } });
      return { clock, delivery, ...scripted };
    };
    const a = tab('a');
    const b = tab('b');
    await a.delivery.start();
    await elected();
    await b.delivery.start();
    await elected();
    for (let i = 0; i < 15; i++) {
      const event = makeEvent();
      b.delivery.enqueue(event, sizeOf(event));
    }
    await b.delivery.whenPersisted();
    await settle();
    expect(b.delivery.stats().dropped).toBe(5);
    await a.delivery.flush();
    expect(b.requests).toHaveLength(0);
    expect(a.requests[0]!.events[0]!.context.droppedEvents).toBe(5);
    expect(await store.get(STORE_KEYS.dropped)).toBeUndefined();
    await a.delivery.shutdown();
    await b.delivery.shutdown();
  });
});
