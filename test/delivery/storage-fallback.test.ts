/**
 * A store that cannot take the queue's writes (disk full, ENOSPC, a closed IndexedDB): the
 * events move to memory, are still sent while the page is open, and flush() and shutdown() settle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, systemClock } from '../../src/core/clock';
import type { NudgeKitError } from '../../src/core/errors';
import { memoryStore } from '../../src/storage/memory';
import type { Store } from '../../src/storage/store';
import { createDelivery, type DeliveryOptions } from '../../src/delivery/index';
import { makeEvent, scriptedTransport, settle, sizeOf, spyStore, elected } from './helpers';

// Two-tab cases run on the store lease (the Web Lock is tested in Chromium).
const locks = Object.getOwnPropertyDescriptor(navigator, 'locks');
beforeAll(() => void Object.defineProperty(navigator, 'locks', { configurable: true, value: undefined }));
afterAll(() => {
  if (locks) Object.defineProperty(navigator, 'locks', locks);
  else delete (navigator as { locks?: unknown }).locks;
});

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

function setup(store: Store, options: Partial<DeliveryOptions> = {}, clock = createManualClock(), tabId?: string) {
  const errors: NudgeKitError[] = [];
  const scripted = scriptedTransport(() => ({ status: 200 }));
  const delivery = createDelivery({ store, clock, ...(tabId ? { tabId } : {}), onError: (e) => errors.push(e), options: { endpoint: '/b', batch: { intervalMs: 60_000 }, transport: scripted.transport, ...options } });
  const enqueue = (n: number) => {
    const events = Array.from({ length: n }, () => makeEvent());
    for (const event of events) delivery.enqueue(event, sizeOf(event));
    return events.map((e) => e.messageId);
  };
  return { clock, errors, delivery, enqueue, ...scripted };
}

/** 'settled' if the promise settles while timers and I/O of a few rounds run, else 'hung'. */
const within = (pending: Promise<unknown>, rounds = 40) => Promise.race([pending.then(() => 'settled'), settle(rounds).then(() => 'hung')]);
const fallbacks = (errors: NudgeKitError[]) => errors.filter((e) => e.details.fallback === 'memory');

describe('a store that cannot write the queue', () => {
  it('on a full disk keeps the events in memory at once, sends them, and reports it once', async () => {
    const t = setup({ ...memoryStore(), append: () => Promise.reject(quota()) });
    await t.delivery.start();
    const ids = [...t.enqueue(3)];
    expect(await within(t.delivery.whenPersisted())).toBe('settled');
    ids.push(...t.enqueue(2));
    expect(await within(t.delivery.flush())).toBe('settled');
    expect(t.sentIds()).toEqual(ids);
    expect(t.errors.map((e) => [e.code, e.details.fallback])).toEqual([['storage_quota', 'memory']]);
    expect(t.delivery.stats()).toMatchObject({ sent: 5, queued: 0 });
  });

  it('after three failed appends in a row (ENOSPC, I/O error) does the same', async () => {
    const t = setup({ ...memoryStore(), append: () => Promise.reject(new Error('EIO: i/o error, write')) });
    await t.delivery.start();
    const ids = t.enqueue(4);
    await settle();
    t.clock.advance(1000);
    await settle();
    expect(fallbacks(t.errors)).toHaveLength(0);
    t.clock.advance(2000);
    await settle();
    expect(fallbacks(t.errors)).toMatchObject([{ code: 'storage_unavailable' }]);
    expect(await within(t.delivery.flush())).toBe('settled');
    expect(t.sentIds()).toEqual(ids);
  });

  it('flush() and shutdown() settle instead of waiting for the retried write', async () => {
    const t = setup({ ...memoryStore(), append: () => Promise.reject(new Error('disk gone')) }, {}, systemClock as ReturnType<typeof createManualClock>);
    await t.delivery.start();
    const first = t.enqueue(2);
    expect(await within(t.delivery.flush())).toBe('settled');
    expect(t.sentIds()).toEqual(first);
    const second = t.enqueue(1);
    expect(await within(t.delivery.shutdown())).toBe('settled');
    expect(t.sentIds()).toEqual([...first, ...second]);
    expect(fallbacks(t.errors)).toHaveLength(1);
  });

  it('still drains the backlog the real store holds, oldest first', async () => {
    const base = memoryStore();
    const backlog = Array.from({ length: 3 }, () => makeEvent());
    await base.append(backlog.map((event) => ({ id: event.messageId, bytes: sizeOf(event), event, attempts: 0 })));
    const t = setup({ ...base, append: () => Promise.reject(quota()) });
    await t.delivery.start();
    const ids = t.enqueue(2);
    await t.delivery.flush();
    expect(t.sentIds()).toEqual([...backlog.map((e) => e.messageId), ...ids]);
    expect((await base.size()).count).toBe(0);
  });

  it('sends from memory when the real store then fails every call (a closed IndexedDB)', async () => {
    const base = memoryStore();
    let closed = false;
    const failing = new Proxy(base, {
      get: (target, key) => {
        const value = target[key as keyof Store];
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => (closed || key === 'append' ? Promise.reject(new DOMException('The database connection is closing.', 'InvalidStateError')) : (value as (...a: unknown[]) => unknown)(...args));
      },
    });
    const t = setup(failing);
    await t.delivery.start();
    closed = true;
    const ids = t.enqueue(3);
    expect(await within(t.delivery.flush())).toBe('settled');
    expect(t.sentIds()).toEqual(ids);
  });

  it('a tab that does not send still sends its own events kept in memory, and only those', async () => {
    const shared = spyStore(memoryStore(), 'shared');
    const a = setup(shared, {}, createManualClock(), 'a');
    // Tab b cannot write (its own view of the same store fails on append).
    const b = setup({ ...shared, kind: 'shared', append: () => Promise.reject(quota()) }, {}, createManualClock(), 'b');
    await a.delivery.start();
    await elected();
    await b.delivery.start();
    await elected();
    const fromA = a.enqueue(3);
    const fromB = b.enqueue(2);
    await a.delivery.whenPersisted();
    await b.delivery.flush();
    await a.delivery.flush();
    expect(b.sentIds()).toEqual(fromB);
    expect(a.sentIds()).toEqual(fromA);
    await a.delivery.shutdown();
    await b.delivery.shutdown();
  });
});
