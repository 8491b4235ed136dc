import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createManualClock } from '../../src/core/clock';
import { memoryStore } from '../../src/storage/memory';
import { STORE_KEYS } from '../../src/storage/store';
import { createDelivery } from '../../src/delivery/index';
import { createLeadership } from '../../src/delivery/leadership';
import { makeEvent, scriptedTransport, settle, sizeOf, spyStore } from './helpers';

// These tests cover the fallback without Web Locks (the real lock is tested in Chromium, test/e2e).
const locks = Object.getOwnPropertyDescriptor(navigator, 'locks');
beforeAll(() => void Object.defineProperty(navigator, 'locks', { configurable: true, value: undefined }));
afterAll(() => {
  if (locks) Object.defineProperty(navigator, 'locks', locks);
  else delete (navigator as { locks?: unknown }).locks;
});

function tab(store: ReturnType<typeof spyStore>, tabId: string) {
  const clock = createManualClock();
  const scripted = scriptedTransport(() => ({ status: 200 }));
  const delivery = createDelivery({ store, clock, tabId, onError: () => {}, options: { endpoint: '/b', timeoutMs: 10_000, transport: scripted.transport } });
  const enqueue = (n: number) => {
    const events = Array.from({ length: n }, () => makeEvent());
    for (const event of events) delivery.enqueue(event, sizeOf(event));
    return events;
  };
  return { clock, delivery, enqueue, ...scripted };
}

describe('leadership without Web Locks (store lease)', () => {
  it('is solo for a memory store, which no other tab can see', () => {
    const leadership = createLeadership({ store: memoryStore(), clock: createManualClock(), tabId: 't', onError: () => {}, onChange: () => {} });
    leadership.start();
    expect(leadership.mode).toBe('solo');
    expect(leadership.isLeader()).toBe(true);
  });

  it('lets one tab send; another takes over once the first stops renewing (a crashed tab)', async () => {
    // A crashed tab hears nothing: no BroadcastChannel nudges in this test.
    const channel = globalThis.BroadcastChannel;
    (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = undefined;
    onTestFinished(() => void (globalThis.BroadcastChannel = channel));
    const store = spyStore(memoryStore(), 'shared');
    const a = tab(store, 'a');
    const b = tab(store, 'b');
    await a.delivery.start();
    a.clock.advance(0);
    await settle();
    await b.delivery.start();
    b.clock.advance(0);
    await settle();
    expect(await store.get(STORE_KEYS.lease)).toMatchObject({ owner: 'a' });
    const first = [...a.enqueue(3), ...b.enqueue(3)];
    await a.delivery.whenPersisted();
    await b.delivery.whenPersisted();
    await a.delivery.flush();
    await b.delivery.flush();
    expect(a.sentIds().sort()).toEqual(first.map((e) => e.messageId).sort());
    expect(b.requests).toHaveLength(0);

    // Tab a freezes: its clock (and so its renewals) stops. b's lease check finds the lease expired.
    const later = b.enqueue(4);
    await b.delivery.whenPersisted();
    for (let i = 0; i < 8; i++) {
      b.clock.advance(5000);
      await settle();
    }
    expect(await store.get(STORE_KEYS.lease)).toMatchObject({ owner: 'b' });
    await b.delivery.flush();
    expect(b.sentIds()).toEqual(later.map((e) => e.messageId));
    expect(a.requests).toHaveLength(1);
  });

  it('never sends a record another tab has leased until that lease runs out', async () => {
    const store = spyStore(memoryStore(), 'shared');
    const b = tab(store, 'b');
    const ghost = makeEvent();
    await store.append([{ id: ghost.messageId, bytes: sizeOf(ghost), event: ghost, attempts: 0, leaseOwner: 'ghost', leaseUntil: b.clock.now() + 12_000 }]);
    await b.delivery.start();
    b.clock.advance(0);
    await settle();
    const mine = b.enqueue(2);
    await b.delivery.flush();
    expect(b.sentIds()).toEqual(mine.map((e) => e.messageId));
    b.clock.advance(12_000);
    await settle();
    await b.delivery.flush();
    expect(b.sentIds()).toEqual([...mine.map((e) => e.messageId), ghost.messageId]);
  });

  it('an appending tab nudges the sending tab over BroadcastChannel, before its interval', async () => {
    const store = spyStore(memoryStore(), 'shared');
    const a = tab(store, 'a');
    const b = tab(store, 'b');
    await a.delivery.start();
    a.clock.advance(0);
    await settle();
    await b.delivery.start();
    b.clock.advance(0);
    await settle();
    const events = b.enqueue(50); // one batch worth: b announces at once
    await b.delivery.whenPersisted();
    for (let i = 0; i < 20 && a.requests.length === 0; i++) await settle();
    expect(a.sentIds()).toEqual(events.map((e) => e.messageId));
    expect(b.requests).toHaveLength(0);
    await a.delivery.shutdown();
    await b.delivery.shutdown();
  });

  it('releases the lease on shutdown', async () => {
    const store = spyStore(memoryStore(), 'shared');
    const a = tab(store, 'a');
    await a.delivery.start();
    a.clock.advance(0);
    await settle();
    expect(await store.get(STORE_KEYS.lease)).toMatchObject({ owner: 'a' });
    await a.delivery.shutdown();
    expect(await store.get(STORE_KEYS.lease)).toBeUndefined();
  });
});
