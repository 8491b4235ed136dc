import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock';
import { createDelivery, type TransportRequest } from '../../src/delivery/index';
import { UNLOAD_BUDGET_BYTES } from '../../src/delivery/hide-flush';
import { makeEvent, settle, sizeOf, spyStore } from './helpers';

function setup(status = 200) {
  const requests: TransportRequest[] = [];
  const store = spyStore();
  const delivery = createDelivery({
    store,
    clock: createManualClock(),
    onError: () => {},
    options: {
      endpoint: '/b',
      batch: { maxEvents: 50, intervalMs: 60_000 },
      transport: async (request) => {
        requests.push(request);
        return { status: request.keepalive ? status : 503 }; // normal sends fail: only unload delivers
      },
    },
  });
  const enqueue = (n: number, pad = 0) => {
    const events = Array.from({ length: n }, () => makeEvent(undefined, { pad: 'x'.repeat(pad) }));
    for (const event of events) delivery.enqueue(event, sizeOf(event));
    return events;
  };
  return { requests, store, delivery, enqueue };
}

const idsOf = (request: TransportRequest) => (JSON.parse(request.body as string) as { batch: { messageId: string }[] }).batch.map((e) => e.messageId);

describe('page hide and close', () => {
  it('sends queued events with keepalive on pagehide, within the 64 KiB budget, and removes them after a 2xx', async () => {
    const t = setup();
    await t.delivery.start();
    const events = t.enqueue(30, 500);
    await t.delivery.whenPersisted();
    window.dispatchEvent(new Event('pagehide'));
    const unload = t.requests.filter((r) => r.keepalive);
    expect(unload.length).toBeGreaterThan(0);
    const total = unload.reduce((s, r) => s + new TextEncoder().encode(r.body as string).length, 0);
    expect(total).toBeLessThanOrEqual(UNLOAD_BUDGET_BYTES);
    expect(unload.flatMap(idsOf)).toEqual(events.map((e) => e.messageId));
    await settle();
    expect((await t.store.size()).count).toBe(0);
  });

  it('sends only the oldest 64 KiB when more is queued; the rest stays for the next load', async () => {
    const t = setup();
    await t.delivery.start();
    t.enqueue(200, 1000);
    await t.delivery.whenPersisted();
    window.dispatchEvent(new Event('pagehide'));
    const unload = t.requests.filter((r) => r.keepalive);
    const total = unload.reduce((s, r) => s + new TextEncoder().encode(r.body as string).length, 0);
    expect(total).toBeLessThanOrEqual(UNLOAD_BUDGET_BYTES);
    await settle();
    const left = (await t.store.size()).count;
    expect(left).toBeGreaterThan(0);
    expect(left + unload.flatMap(idsOf).length).toBe(200);
  });

  it('sends events whose write has not finished yet, and does not send the same ones twice when visibilitychange and pagehide both fire', async () => {
    const t = setup();
    await t.delivery.start();
    const events = t.enqueue(5);
    // Same tick: nothing is written yet.
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('pagehide'));
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    const sent = t.requests.filter((r) => r.keepalive).flatMap(idsOf);
    expect(sent).toEqual(events.map((e) => e.messageId));
    await settle();
    // Delivered by the unload request before their own write landed: removed once written.
    expect((await t.store.size()).count).toBe(0);
  });

  it('keeps everything in the store when the unload request fails', async () => {
    const t = setup(500);
    await t.delivery.start();
    t.enqueue(10);
    await t.delivery.whenPersisted();
    window.dispatchEvent(new Event('pagehide'));
    await settle();
    expect((await t.store.size()).count).toBe(10);
  });
});
