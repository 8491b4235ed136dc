import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock';
import { createDelivery, type TransportRequest } from '../../src/delivery/index';
import { UNLOAD_BUDGET_BYTES, sendOnHide } from '../../src/delivery/hide-flush';
import { segmentFormat } from '../../src/delivery/formats/segment';
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

  it('falls back to navigator.sendBeacon (text/plain, within the budget) without keepalive fetch, and stops when a beacon is refused', async () => {
    const beacons: { url: string; body: string; type: string }[] = [];
    let accept = 2;
    const pending: Promise<void>[] = [];
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: (url: string, data: Blob) => {
        if (accept-- <= 0) return false;
        pending.push(data.text().then((body) => void beacons.push({ url, body, type: data.type })));
        return true;
      },
    });
    const items = Array.from({ length: 60 }, () => makeEvent(undefined, { pad: 'x'.repeat(1500) })).map((event) => ({ id: event.messageId, bytes: sizeOf(event), event }));
    const settled: string[] = [];
    const sent = sendOnHide({
      items,
      build: (events, meta) => ({ ...segmentFormat(events, meta), method: 'POST', headers: {}, keepalive: true }),
      customTransport: undefined,
      fetchKeepalive: undefined,
      maxEvents: 10, // chunks of ~17 KB: the refusal, not the budget, ends the sending
      meta: { endpoint: '/b', writeKey: 'wk', sentAt: new Date(0).toISOString(), droppedEvents: 0, unloading: true },
      onDelivered: () => expect.unreachable('a beacon has no answer'),
      onSettled: (chunk) => settled.push(...chunk.map((item) => item.id)),
    });
    await Promise.all(pending);
    expect(beacons).toHaveLength(2); // the third chunk was refused: nothing after it is sent
    expect(beacons.every((b) => b.url === '/b' && b.type === 'text/plain;charset=utf-8')).toBe(true);
    expect(beacons.reduce((sum, b) => sum + new TextEncoder().encode(b.body).length, 0)).toBeLessThanOrEqual(UNLOAD_BUDGET_BYTES);
    const ids = beacons.flatMap((b) => (JSON.parse(b.body) as { batch: { messageId: string }[]; writeKey: string }).batch.map((e) => e.messageId));
    expect(ids).toEqual(items.slice(0, ids.length).map((item) => item.id));
    expect(sent.map((item) => item.id)).toEqual(ids);
    expect(settled).toEqual(ids);
    delete (navigator as { sendBeacon?: unknown }).sendBeacon;
  });
});
