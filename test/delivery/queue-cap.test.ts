import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock';
import type { NudgeKitError } from '../../src/core/errors';
import type { TrackEvent } from '../../src/core/types';
import { memoryStore } from '../../src/storage/memory';
import { STORE_KEYS, type Store } from '../../src/storage/store';
import { createDelivery, type DeliveryOptions } from '../../src/delivery/index';
import { makeEvent, scriptedTransport, settle, sizeOf } from './helpers';

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
});
