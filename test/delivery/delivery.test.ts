import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock';
import type { NudgeKitError } from '../../src/core/errors';
import { memoryStore } from '../../src/storage/memory';
import { createDelivery, type DeliveryOptions, type TransportResponse } from '../../src/delivery/index';
import { makeEvent, scriptedTransport, settle, sizeOf, spyStore } from './helpers';

function setup(options: Partial<DeliveryOptions>, answer: Parameters<typeof scriptedTransport>[0] = () => ({ status: 200 })) {
  const clock = createManualClock();
  const store = spyStore();
  const errors: NudgeKitError[] = [];
  const scripted = scriptedTransport(answer);
  const delivery = createDelivery({
    store,
    clock,
    onError: (e) => errors.push(e),
    options: { endpoint: 'https://collect.test/v1/batch', writeKey: 'wk', retry: { baseMs: 1000, maxMs: 1000 }, transport: scripted.transport, ...options },
  });
  const enqueue = (n: number) => {
    const events = Array.from({ length: n }, () => makeEvent());
    for (const event of events) delivery.enqueue(event, sizeOf(event));
    return events;
  };
  return { clock, store, errors, delivery, enqueue, ...scripted };
}

let onlineOverride: boolean | undefined;
Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => onlineOverride ?? true });
afterEach(() => {
  onlineOverride = undefined;
});

describe('persistence', () => {
  it('writes every enqueue of one tick in one append', async () => {
    const t = setup({});
    t.enqueue(30);
    await t.delivery.whenPersisted();
    t.enqueue(5);
    await t.delivery.whenPersisted();
    expect(t.store.calls.append).toEqual([30, 5]);
    expect((await t.store.size()).count).toBe(35);
  });

  it('has an event in the store before it is sent, and removes it only after a 2xx', async () => {
    let inStoreWhenSent = -1;
    const t = setup({}, async (_request, index) => {
      if (index === 0) inStoreWhenSent = (await t.store.size()).count;
      return { status: index === 0 ? 500 : 200 };
    });
    await t.delivery.start();
    t.enqueue(3);
    await t.delivery.flush();
    expect(inStoreWhenSent).toBe(3);
    expect((await t.store.size()).count).toBe(3); // the 500 kept them
    t.clock.advance(1000);
    await settle();
    await t.delivery.flush();
    expect((await t.store.size()).count).toBe(0);
    expect(t.delivery.stats()).toMatchObject({ sent: 3, retried: 3, queued: 0 });
  });

  it('keeps events through a failed write and writes them later', async () => {
    const t = setup({});
    t.store.failNext.append = 1;
    t.enqueue(4);
    await settle();
    expect(t.errors.map((e) => e.code)).toEqual(['storage_unavailable']);
    expect((await t.store.size()).count).toBe(0);
    t.clock.advance(1000);
    await t.delivery.whenPersisted();
    expect((await t.store.size()).count).toBe(4);
  });
});

describe('batching', () => {
  it('waits for the interval while fewer than maxEvents are queued', async () => {
    const t = setup({ batch: { maxEvents: 10, intervalMs: 5000 } });
    await t.delivery.start();
    await settle(); // the drain start() begins (to send leftovers) finds nothing and ends
    t.enqueue(9);
    await t.delivery.whenPersisted();
    await settle();
    t.clock.advance(4999);
    await settle();
    expect(t.requests).toHaveLength(0);
    t.clock.advance(1);
    await settle();
    expect(t.requests.map((r) => r.events.length)).toEqual([9]);
  });

  it('sends as soon as maxEvents are queued, in batches of maxEvents, without waiting for the interval', async () => {
    const t = setup({ batch: { maxEvents: 10, intervalMs: 5000 } });
    await t.delivery.start();
    const events = t.enqueue(25);
    await t.delivery.whenPersisted();
    await settle();
    expect(t.requests.map((r) => r.events.length)).toEqual([10, 10, 5]);
    expect(t.sentIds()).toEqual(events.map((e) => e.messageId));
  });

  it('sends as soon as batch.maxBytes are queued, without waiting for the interval', async () => {
    // 30 events of ~10 KB against 200 KB: the byte limit is reached long before maxEvents.
    const t = setup({ batch: { maxEvents: 50, maxBytes: 200_000, intervalMs: 60_000 } });
    await t.delivery.start();
    await settle();
    const events = Array.from({ length: 30 }, () => makeEvent(undefined, { pad: 'x'.repeat(10_000) }));
    for (const event of events) t.delivery.enqueue(event, sizeOf(event));
    await t.delivery.whenPersisted();
    await settle();
    expect(t.requests.length).toBeGreaterThan(0);
    expect(t.requests.every((r) => sizeOf(r.events[0]!) * r.events.length <= 200_000)).toBe(true);
    expect(t.sentIds()).toEqual(events.map((e) => e.messageId));
  });

  it('cuts batches by bytes', async () => {
    const t = setup({ batch: { maxEvents: 50, maxBytes: 2000 } });
    await t.delivery.start();
    const events = t.enqueue(12);
    await t.delivery.flush();
    const size = sizeOf(events[0]!);
    for (const r of t.requests) expect(r.events.length).toBeLessThanOrEqual(Math.floor((2000 - 512) / (size + 1)));
    expect(t.sentIds()).toEqual(events.map((e) => e.messageId));
  });

  it('keeps nothing and sends nothing when no endpoint, format function or transport is set', async () => {
    const store = spyStore();
    const delivery = createDelivery({ store, clock: createManualClock(), onError: () => {}, options: { writeKey: 'wk' } });
    expect(delivery.enabled).toBe(false);
    await delivery.start();
    delivery.enqueue(makeEvent(), 100);
    await delivery.flush();
    expect(store.calls.append).toEqual([]);
    expect(delivery.stats()).toEqual({ queued: 0, sent: 0, dropped: 0, retried: 0, failed: 0 });
  });
});

describe('retry policy', () => {
  it('backs off after a 500 and honours Retry-After on a 429', async () => {
    const answers: TransportResponse[] = [{ status: 500 }, { status: 429, headers: { 'Retry-After': '7' } }, { status: 200 }];
    const t = setup({}, (_r, i) => answers[i] ?? { status: 200 });
    await t.delivery.start();
    t.enqueue(2);
    await t.delivery.flush();
    expect(t.requests).toHaveLength(1);
    t.clock.advance(1000); // full jitter in [0, 1000]
    await settle();
    expect(t.requests).toHaveLength(2);
    t.clock.advance(6999);
    await settle();
    expect(t.requests).toHaveLength(2);
    t.clock.advance(1);
    await settle();
    expect(t.requests).toHaveLength(3);
    expect(t.delivery.stats()).toMatchObject({ sent: 2, retried: 4, failed: 0 });
    expect(t.errors.map((e) => [e.code, e.details.status])).toEqual([
      ['delivery_failed', 500],
      ['delivery_failed', 429],
    ]);
    const stored = await t.store.head(10);
    expect(stored).toEqual([]);
  });

  it('counts an attempt on each stored record it retried', async () => {
    const t = setup({}, () => ({ status: 503 }));
    await t.delivery.start();
    t.enqueue(1);
    await t.delivery.flush();
    t.clock.advance(1000);
    await settle();
    expect((await t.store.head(1))[0]?.attempts).toBe(2);
  });

  it('splits a batch on 413 until the halves fit', async () => {
    const t = setup({}, (request) => {
      const n = (JSON.parse(request.body as string) as { batch: unknown[] }).batch.length;
      return { status: n > 4 ? 413 : 200 };
    });
    await t.delivery.start();
    const events = t.enqueue(10);
    await t.delivery.flush();
    expect(t.requests.map((r) => r.events.length)).toEqual([10, 5, 3, 2, 5, 3, 2]);
    const accepted = t.requests.filter((r) => r.events.length <= 4).flatMap((r) => r.events.map((e) => e.messageId));
    expect(accepted).toEqual(events.map((e) => e.messageId));
    expect(t.errors).toEqual([]);
  });

  it('isolates one poisoned event with 400 and drops only that one, reporting it', async () => {
    let poisoned = '';
    const t = setup({}, (request) => {
      const ids = (JSON.parse(request.body as string) as { batch: { messageId: string }[] }).batch.map((e) => e.messageId);
      return { status: ids.includes(poisoned) ? 400 : 200 };
    });
    await t.delivery.start();
    const events = t.enqueue(20);
    poisoned = events[13]!.messageId;
    await t.delivery.flush();
    const accepted = new Set(t.requests.filter((r) => !r.events.some((e) => e.messageId === poisoned)).flatMap((r) => r.events.map((e) => e.messageId)));
    expect(accepted.size).toBe(19);
    expect(accepted.has(poisoned)).toBe(false);
    expect(t.delivery.stats()).toMatchObject({ sent: 19, failed: 1, queued: 0 });
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toMatchObject({ code: 'delivery_rejected', details: { status: 400, messageIds: [poisoned] } });
  });

  it('drops the whole batch on 401 and reports delivery_rejected', async () => {
    const t = setup({}, () => ({ status: 401 }));
    await t.delivery.start();
    t.enqueue(5);
    await t.delivery.flush();
    expect(t.requests).toHaveLength(1);
    expect(t.errors[0]).toMatchObject({ code: 'delivery_rejected', details: { status: 401, count: 5 } });
    expect((await t.store.size()).count).toBe(0);
    expect(t.delivery.stats().failed).toBe(5);
  });

  it('times out a request that never answers and retries it', async () => {
    let calls = 0;
    const t = setup({ timeoutMs: 3000 }, () => (++calls === 1 ? new Promise<TransportResponse>(() => {}) : { status: 200 }));
    await t.delivery.start();
    t.enqueue(1);
    const flushed = t.delivery.flush();
    await settle();
    t.clock.advance(3000);
    await flushed;
    expect(t.errors[0]).toMatchObject({ code: 'delivery_failed', details: { status: 0 } });
    t.clock.advance(1000);
    await settle();
    expect(t.delivery.stats().sent).toBe(1);
  });

  it('pauses while offline without counting attempts, and resumes on `online`', async () => {
    let online = true;
    const t = setup({}, () => (online ? { status: 200 } : 'throw'));
    await t.delivery.start();
    onlineOverride = false;
    online = false;
    t.enqueue(3);
    await t.delivery.flush();
    expect(t.requests).toHaveLength(0);
    // A request that fails because the network just went away is not a burnt retry either.
    onlineOverride = true;
    const failing = t.delivery.flush();
    onlineOverride = false;
    await failing;
    t.clock.advance(60_000);
    await settle();
    expect(t.delivery.stats().retried).toBe(0);
    expect((await t.store.head(5)).map((r) => r.attempts)).toEqual([0, 0, 0]);
    onlineOverride = true;
    online = true;
    window.dispatchEvent(new Event('online'));
    await settle();
    await t.delivery.flush();
    expect(t.delivery.stats()).toMatchObject({ sent: 3, retried: 0 });
  });
});

describe('lifecycle', () => {
  it('sends what an earlier session left in the store when it starts', async () => {
    const store = memoryStore();
    const first = setup({});
    const events = [makeEvent(), makeEvent()];
    await store.append(events.map((event) => ({ id: event.messageId, bytes: sizeOf(event), event, attempts: 0 })));
    const scripted = scriptedTransport(() => ({ status: 200 }));
    const delivery = createDelivery({ store, clock: first.clock, onError: () => {}, options: { endpoint: '/b', transport: scripted.transport } });
    await delivery.start();
    await delivery.flush();
    expect(scripted.sentIds()).toEqual(events.map((e) => e.messageId));
  });

  it('stops every timer on shutdown and reports later enqueues', async () => {
    const t = setup({});
    await t.delivery.start();
    t.enqueue(2);
    await t.delivery.shutdown();
    expect(t.delivery.stats().sent).toBe(2);
    expect(t.clock.pending()).toBe(0);
    t.enqueue(1);
    expect(t.errors.map((e) => e.code)).toEqual(['shut_down']);
  });

  it('purges everything queued', async () => {
    const t = setup({}, () => ({ status: 500 }));
    t.enqueue(5);
    await t.delivery.whenPersisted();
    t.enqueue(2);
    await t.delivery.purge();
    expect((await t.store.size()).count).toBe(0);
    await t.delivery.start();
    await t.delivery.flush();
    expect(t.requests).toHaveLength(0);
  });

  it('drops and reports an unreadable queue record instead of sending it', async () => {
    const t = setup({});
    await t.store.append([{ id: 'broken', bytes: 4, event: null, attempts: 0 }]);
    t.enqueue(1);
    await t.delivery.start();
    await t.delivery.flush();
    expect(t.errors.map((e) => e.code)).toEqual(['storage_corrupt']);
    expect(t.requests.flatMap((r) => r.events)).toHaveLength(1);
  });
});
