import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createManualClock } from '../../src/core/clock';
import { memoryStore } from '../../src/storage/memory';
import { STORE_KEYS } from '../../src/storage/store';
import { createDelivery } from '../../src/delivery/index';
import { createLeadership } from '../../src/delivery/leadership';
import { elected, makeEvent, scriptedTransport, settle, sizeOf, sleep, spyStore } from './helpers';

// These tests cover the fallback without Web Locks (the real lock is tested in Chromium, test/e2e).
const locks = Object.getOwnPropertyDescriptor(navigator, 'locks');
beforeAll(() => void Object.defineProperty(navigator, 'locks', { configurable: true, value: undefined }));
afterAll(() => {
  if (locks) Object.defineProperty(navigator, 'locks', locks);
  else delete (navigator as { locks?: unknown }).locks;
});

function tab(store: ReturnType<typeof spyStore>, tabId: string, answer: Parameters<typeof scriptedTransport>[0] = () => ({ status: 200 }), clock = createManualClock()) {
  const scripted = scriptedTransport(answer);
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
    await elected();
    await b.delivery.start();
    await elected();
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
      await elected();
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
    await elected();
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
    await elected();
    await b.delivery.start();
    await elected();
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
    await elected();
    expect(await store.get(STORE_KEYS.lease)).toMatchObject({ owner: 'a' });
    await a.delivery.shutdown();
    expect(await store.get(STORE_KEYS.lease)).toBeUndefined();
  });

  it('a tab closing with a backlog tells the others what it sent on pagehide, so the next sender does not send it again', async () => {
    const store = spyStore(memoryStore(), 'shared');
    const a = tab(store, 'a', () => new Promise(() => {})); // the page is gone before any answer
    await a.delivery.start();
    await elected();
    const b = tab(store, 'b');
    await b.delivery.start();
    await settle();
    const backlog = a.enqueue(10).map((e) => e.messageId);
    await a.delivery.whenPersisted();
    window.dispatchEvent(new Event('pagehide')); // in one window, b hears it too
    expect(a.sentIds()).toEqual(backlog);
    await settle(); // the BroadcastChannel message reaches b
    await a.delivery.shutdown();
    const show = new Event('pageshow');
    Object.defineProperty(show, 'persisted', { value: true });
    window.dispatchEvent(show); // b competes again
    for (let i = 0; i < 2; i++) {
      b.clock.advance(5000);
      await elected();
    }
    expect(await store.get(STORE_KEYS.lease)).toMatchObject({ owner: 'b' });
    const fresh = b.enqueue(2).map((e) => e.messageId);
    await b.delivery.flush();
    expect(b.sentIds()).toEqual(fresh);
    // Had the keepalive requests died with the page, the records come back once their lease ends.
    b.clock.advance(5000);
    await elected();
    await b.delivery.flush();
    expect(b.sentIds()).toEqual([...fresh, ...backlog]);
    await b.delivery.shutdown();
  });

  it('two tabs that find the lease free at once agree on one leader, so they never send the same records', async () => {
    const channel = globalThis.BroadcastChannel;
    (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = undefined;
    onTestFinished(() => void (globalThis.BroadcastChannel = channel));
    const store = spyStore(memoryStore(), 'shared');
    // b's write of the lease lands 10 ms after a's: a must not read its own back in between.
    const viewOfB = { ...store, kind: 'shared', set: async (key: string, value: unknown) => (await sleep(10), store.set(key, value)) } as typeof store;
    const clock = createManualClock();
    const a = tab(store, 'a', undefined, clock);
    const b = tab(viewOfB, 'b', undefined, clock);
    await Promise.all([a.delivery.start(), b.delivery.start()]);
    await elected();
    expect(await store.get(STORE_KEYS.lease)).toMatchObject({ owner: 'b' });
    const events = [...a.enqueue(120), ...b.enqueue(120)].map((e) => e.messageId);
    await a.delivery.whenPersisted();
    await b.delivery.whenPersisted();
    await Promise.all([a.delivery.flush(), b.delivery.flush()]);
    expect(a.requests).toHaveLength(0);
    expect(b.sentIds().sort()).toEqual(events.sort());
  });

  it('a leader whose renewals stall (a throttled background tab) stops sending before another tab takes over', async () => {
    const channel = globalThis.BroadcastChannel;
    (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = undefined;
    onTestFinished(() => void (globalThis.BroadcastChannel = channel));
    const store = spyStore(memoryStore(), 'shared');
    const clock = createManualClock();
    let throttled = false;
    // Time goes on for a, but its timers stop firing.
    const clockOfA = { now: () => clock.now(), setTimeout: (fn: () => void, ms: number) => clock.setTimeout(() => void (throttled || fn()), ms) };
    const a = tab(store, 'a', undefined, clockOfA as typeof clock);
    await a.delivery.start();
    await elected();
    throttled = true;
    const b = tab(store, 'b', undefined, clock);
    await b.delivery.start();
    for (let i = 0; i < 8; i++) {
      clock.advance(3000);
      await elected();
    }
    expect(await store.get(STORE_KEYS.lease)).toMatchObject({ owner: 'b' });
    const events = [...a.enqueue(60), ...b.enqueue(60)].map((e) => e.messageId);
    await a.delivery.whenPersisted();
    await b.delivery.whenPersisted();
    // a still holds its stale belief: a flush there (or a BroadcastChannel nudge) must not send.
    await Promise.all([a.delivery.flush(), b.delivery.flush()]);
    expect(a.requests).toHaveLength(0);
    expect(b.sentIds().sort()).toEqual(events.sort());
  });
});

describe('createLeadership with the store lease', () => {
  it('a lease check still under way when pause() runs does not make the tab lead again, and its lease is taken back', async () => {
    const base = memoryStore();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const store = { ...base, kind: 'shared', set: async (key: string, value: unknown) => (await held, base.set(key, value)) };
    const changes: boolean[] = [];
    const leadership = createLeadership({ store, clock: createManualClock(), tabId: 't', onError: () => {}, onChange: (lead) => changes.push(lead) });
    leadership.start();
    await settle(); // the tick has read a free lease and is writing its own
    const paused = leadership.pause();
    release();
    await paused;
    await settle();
    expect(leadership.isLeader()).toBe(false);
    expect(changes).not.toContain(true);
    expect(await store.get(STORE_KEYS.lease)).toBeUndefined();
  });
});
