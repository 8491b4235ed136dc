/**
 * Delivery against a real HTTP server on 127.0.0.1 (node:http), with the built-in fetch
 * transport: no mocked fetch. The server injects the faults the issue lists.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import type { NudgeKitError } from '../../src/core/errors';
import type { AnalyticsEvent } from '../../src/core/types';
import { memoryStore } from '../../src/storage/memory';
import { createDelivery, segmentFormat, type Delivery, type DeliveryOptions, type FormatFunction } from '../../src/delivery/index';
import { startServer, type Reply, type SeenRequest, type TestServer } from '../e2e/harness';
import { makeEvent, sizeOf, spyStore } from './helpers';

interface Batch {
  at: number;
  tab: string | undefined;
  ids: string[];
  body: { batch: AnalyticsEvent[]; sentAt: string; writeKey?: string };
}

let server: TestServer;
let handler: (request: SeenRequest, batch: Batch) => Reply | 'destroy' | Promise<Reply | 'destroy'>;
/** Batches the server answered with a 2xx (including those answered after the client gave up). */
let accepted: Batch[] = [];
let seen: Batch[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startServer(async (request) => {
    const raw = request.headers['content-encoding'] === 'gzip' ? gunzipSync(request.body) : request.body;
    const body = JSON.parse(raw.toString('utf8')) as Batch['body'];
    const batch: Batch = { at: Date.now(), tab: request.headers['x-tab'] as string | undefined, ids: body.batch.map((e) => e.messageId), body };
    seen.push(batch);
    const reply = await handler(request, batch);
    if (reply !== 'destroy' && (reply.status ?? 200) < 300) accepted.push(batch);
    return reply;
  });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server.close();
});
const open: Delivery[] = [];
afterEach(async () => {
  for (const delivery of open.splice(0)) await delivery.shutdown();
  accepted = [];
  seen = [];
  expect(unhandled).toEqual([]);
});

function make(options: Partial<DeliveryOptions> = {}, store = memoryStore(), tabId?: string) {
  const errors: NudgeKitError[] = [];
  const delivery = createDelivery({
    store,
    clock: systemClock,
    onError: (e) => errors.push(e),
    ...(tabId ? { tabId } : {}),
    options: { endpoint: `${server.origin}/v1/batch`, writeKey: 'wk_test', batch: { intervalMs: 20 }, retry: { baseMs: 5, maxMs: 40 }, timeoutMs: 2000, ...options },
  });
  open.push(delivery);
  const enqueue = (n: number) => {
    const events = Array.from({ length: n }, () => makeEvent());
    for (const event of events) delivery.enqueue(event, sizeOf(event));
    return events;
  };
  return { delivery, errors, enqueue, store };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('against a real server', () => {
  it('sends Segment batches with Basic auth and the write key in the body', async () => {
    handler = () => ({ status: 200 });
    const t = make();
    await t.delivery.start();
    const events = t.enqueue(3);
    await t.delivery.flush();
    const request = server.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v1/batch');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('wk_test:').toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(accepted[0]!.body.writeKey).toBe('wk_test');
    expect(accepted[0]!.body.batch).toEqual(events);
    expect(Number.isNaN(Date.parse(accepted[0]!.body.sentAt))).toBe(false);
  });

  it('gzips the body when asked, and the server reads the same batch', async () => {
    handler = () => ({ status: 200 });
    const t = make({ gzip: true });
    await t.delivery.start();
    const events = t.enqueue(20);
    await t.delivery.flush();
    const request = server.requests.at(-1)!;
    expect(request.headers['content-encoding']).toBe('gzip');
    expect(request.body[0]).toBe(0x1f); // gzip magic
    expect(gunzipSync(request.body).length).toBeGreaterThan(request.body.length);
    expect(accepted.flatMap((b) => b.ids)).toEqual(events.map((e) => e.messageId));
  });

  it('sends plain JSON when gzip is asked for but CompressionStream is missing', async () => {
    handler = () => ({ status: 200 });
    const original = globalThis.CompressionStream;
    (globalThis as { CompressionStream?: unknown }).CompressionStream = undefined;
    try {
      const t = make({ gzip: true });
      await t.delivery.start();
      const events = t.enqueue(3);
      await t.delivery.flush();
      const request = server.requests.at(-1)!;
      expect(request.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(request.body.toString('utf8')).batch).toEqual(events);
    } finally {
      globalThis.CompressionStream = original;
    }
  });

  it('retries a dropped connection', async () => {
    let n = 0;
    handler = () => (n++ === 0 ? 'destroy' : { status: 200 });
    const t = make();
    await t.delivery.start();
    const events = t.enqueue(5);
    await until(() => t.delivery.stats().sent === 5);
    expect(seen).toHaveLength(2);
    expect(accepted[0]!.ids).toEqual(events.map((e) => e.messageId));
    expect(t.errors[0]).toMatchObject({ code: 'delivery_failed', details: { status: 0 } });
  });

  it('aborts a response slower than timeoutMs and sends the batch again', async () => {
    let n = 0;
    handler = async () => {
      if (n++ === 0) await sleep(600);
      return { status: 200 };
    };
    const t = make({ timeoutMs: 150 });
    await t.delivery.start();
    t.enqueue(4);
    const started = Date.now();
    await until(() => t.delivery.stats().sent === 4);
    expect(Date.now() - started).toBeLessThan(600);
    expect(seen).toHaveLength(2);
    expect(seen[0]!.ids).toEqual(seen[1]!.ids); // same messageIds: the backend can de-duplicate
  });

  it('honours Retry-After on 429 (in seconds) and on 503 (as an HTTP date)', async () => {
    const cases = [
      { status: 429, retryAfter: () => '1' },
      { status: 503, retryAfter: () => new Date(Date.now() + 2000).toUTCString() },
    ];
    for (const { status, retryAfter } of cases) {
      seen = [];
      let n = 0;
      handler = () => (n++ === 0 ? { status, headers: { 'retry-after': retryAfter() } } : { status: 200 });
      const t = make();
      await t.delivery.start();
      t.enqueue(2);
      await until(() => t.delivery.stats().sent === 2);
      const gap = seen[1]!.at - seen[0]!.at;
      expect(gap).toBeGreaterThanOrEqual(950);
      expect(gap).toBeLessThan(2600);
      expect(t.errors.map((e) => [e.code, e.details.status])).toEqual([['delivery_failed', status]]);
    }
  });

  it('drops and reports a single event the server still finds too large (413 on a batch of one)', async () => {
    let big = '';
    handler = (_r, batch) => (batch.ids.includes(big) ? { status: 413 } : { status: 200 });
    const t = make({ batch: { maxEvents: 10, intervalMs: 20 } });
    await t.delivery.start();
    const events = t.enqueue(6);
    big = events[2]!.messageId;
    await t.delivery.flush();
    expect(seen.filter((b) => b.ids.length === 1 && b.ids[0] === big)).toHaveLength(1);
    expect(new Set(accepted.flatMap((b) => b.ids))).toEqual(new Set(events.map((e) => e.messageId).filter((id) => id !== big)));
    expect(t.errors.filter((e) => e.code === 'delivery_rejected').map((e) => e.details)).toEqual([{ status: 413, count: 1, messageIds: [big] }]);
    expect(t.delivery.stats()).toMatchObject({ sent: 5, failed: 1, queued: 0 });
  });

  it('splits on 413 and drops only a poisoned event on 400', async () => {
    let poisoned = '';
    handler = (_r, batch) => {
      if (batch.ids.length > 8) return { status: 413 };
      if (batch.ids.includes(poisoned)) return { status: 400, body: '{"error":"bad event"}' };
      return { status: 200 };
    };
    const t = make({ batch: { maxEvents: 30, intervalMs: 20 } });
    await t.delivery.start();
    const events = t.enqueue(30);
    poisoned = events[17]!.messageId;
    await t.delivery.flush();
    const received = new Set(accepted.flatMap((b) => b.ids));
    expect(received).toEqual(new Set(events.map((e) => e.messageId).filter((id) => id !== poisoned)));
    expect(t.errors.filter((e) => e.code === 'delivery_rejected').map((e) => e.details.messageIds)).toEqual([[poisoned]]);
  });

  it('delivers 3,000 events through random faults: every accepted event arrives, exactly once after dedupe', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    let poisoned = '';
    const faults = { 500: 0, 429: 0, 413: 0, slow: 0, destroy: 0, 400: 0 };
    handler = async (_r, batch) => {
      if (batch.ids.includes(poisoned)) {
        faults[400]++;
        return { status: 400 };
      }
      const roll = random();
      if (roll < 0.12) return faults[500]++, { status: 500 };
      if (roll < 0.17) return faults[429]++, { status: 429, headers: { 'retry-after': '0' } };
      if (roll < 0.22 && batch.ids.length > 5) return faults[413]++, { status: 413 };
      if (roll < 0.27) return faults.destroy++, 'destroy';
      if (roll < 0.31) {
        faults.slow++;
        await sleep(400); // past the 300 ms timeout: the client retries although we accept
      }
      return { status: 200 };
    };
    const t = make({ batch: { maxEvents: 50, intervalMs: 20 }, timeoutMs: 300 });
    await t.delivery.start();
    const events: AnalyticsEvent[] = [];
    for (let burst = 0; burst < 60; burst++) {
      events.push(...t.enqueue(50));
      if (burst === 30) poisoned = events[1234]!.messageId;
      await sleep(burst % 10 === 0 ? 30 : 1);
    }
    await until(async () => {
      await t.delivery.flush();
      return (await t.store.size()).count === 0;
    }, 90_000);
    await sleep(500); // slow responses still in the server
    const expected = new Set(events.map((e) => e.messageId).filter((id) => id !== poisoned));
    const receivedIds = accepted.flatMap((b) => b.ids);
    const unique = new Set(receivedIds);
    expect(unique.size).toBe(expected.size);
    expect([...expected].every((id) => unique.has(id))).toBe(true);
    expect(unique.has(poisoned)).toBe(false);
    expect(t.delivery.stats()).toMatchObject({ failed: 1, queued: 0 });
    expect(t.errors.filter((e) => e.code === 'delivery_rejected').map((e) => e.details.messageIds)).toEqual([[poisoned]]);
    for (const kind of ['500', '429', '413', 'slow', 'destroy', '400'] as const) expect(faults[kind]).toBeGreaterThan(0);
    console.log(`3,000 events: ${seen.length} requests, faults ${JSON.stringify(faults)}, ${receivedIds.length - unique.size} duplicates received (removed by messageId)`);
  });
});

describe('two instances sharing one store (lease fallback, as two tabs without Web Locks)', () => {
  it('only the lease holder sends; the other takes over when it shuts down; nothing is sent twice by two senders', async () => {
    handler = async () => {
      await sleep(2);
      return { status: 200 };
    };
    const shared = spyStore(memoryStore(), 'shared');
    const tagged = (tab: string): FormatFunction => (events, meta) => {
      const request = segmentFormat(events, meta);
      return { ...request, headers: { ...request.headers, 'x-tab': tab } };
    };
    const a = make({ format: tagged('a') }, shared, 'a');
    const b = make({ format: tagged('b') }, shared, 'b');
    await a.delivery.start();
    await sleep(50);
    await b.delivery.start();
    const events: AnalyticsEvent[] = [];
    for (let i = 0; i < 20; i++) {
      events.push(...a.enqueue(10), ...b.enqueue(10));
      await sleep(5);
    }
    await a.delivery.whenPersisted();
    await b.delivery.whenPersisted();
    await until(async () => (await shared.size()).count === 0);
    expect(new Set(accepted.map((x) => x.tab))).toEqual(new Set(['a']));
    await a.delivery.shutdown();
    events.push(...b.enqueue(30));
    await b.delivery.whenPersisted();
    await until(async () => (await shared.size()).count === 0, 20_000);
    const tabs = new Map<string, Set<string>>();
    for (const batch of accepted) for (const id of batch.ids) tabs.set(id, (tabs.get(id) ?? new Set()).add(batch.tab ?? '?'));
    expect(accepted.map((x) => x.tab).at(-1)).toBe('b');
    expect([...tabs.values()].every((set) => set.size === 1)).toBe(true);
    expect(new Set(accepted.flatMap((x) => x.ids))).toEqual(new Set(events.map((e) => e.messageId)));
  });
});
