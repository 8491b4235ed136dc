/**
 * The page's edges of delivery (issue #12) against a real HTTP server on 127.0.0.1 with the
 * built-in fetch transport: redirects, slow and huge response bodies, and what a failed
 * connection is called. No mocked fetch.
 */
import { createServer as createNetServer } from 'node:net';
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import type { NudgeKitError } from '../../src/core/errors';
import type { AnalyticsEvent } from '../../src/core/types';
import { memoryStore } from '../../src/storage/memory';
import { createDelivery, type Delivery, type DeliveryOptions } from '../../src/delivery/index';
import { startServer, type Reply, type SeenRequest, type TestServer } from '../e2e/harness';
import { makeEvent, sizeOf, sleep } from './helpers';

let server: TestServer;
let handler: (request: SeenRequest, response: ServerResponse) => Reply | 'destroy' | undefined | Promise<Reply | 'destroy' | undefined>;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startServer((request, response) => handler(request, response));
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server.close();
});
const open: Delivery[] = [];
afterEach(async () => {
  for (const delivery of open.splice(0)) await delivery.shutdown();
  server.requests.length = 0;
  expect(unhandled).toEqual([]);
});

function make(options: Partial<DeliveryOptions> = {}) {
  const errors: NudgeKitError[] = [];
  const delivery = createDelivery({
    store: memoryStore(),
    clock: systemClock,
    onError: (e) => errors.push(e),
    options: { endpoint: `${server.origin}/v1/batch`, writeKey: 'wk_test', batch: { intervalMs: 20 }, retry: { baseMs: 50, maxMs: 200 }, timeoutMs: 2000, ...options },
  });
  open.push(delivery);
  const enqueue = (n: number) => {
    const events = Array.from({ length: n }, () => makeEvent());
    for (const event of events) delivery.enqueue(event, sizeOf(event));
    return events;
  };
  return { delivery, errors, enqueue };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}

const idsOf = (request: SeenRequest) => (JSON.parse(request.body.toString('utf8')) as { batch: AnalyticsEvent[] }).batch.map((e) => e.messageId);

describe('redirects', () => {
  for (const status of [301, 302, 303]) {
    it(`keeps the events and reports delivery_redirected on ${status} (fetch would re-send it as a bodiless GET)`, async () => {
      handler = (request) => (request.url === '/v1/batch' ? { status, headers: { location: '/moved' } } : { status: 200 });
      const t = make();
      await t.delivery.start();
      t.enqueue(3);
      await t.delivery.flush();
      await until(() => t.errors.length > 0);
      expect(server.requests.filter((r) => r.url === '/moved')).toEqual([]);
      expect(t.delivery.stats()).toMatchObject({ sent: 0, queued: 3 });
      expect(t.errors[0]).toMatchObject({ code: 'delivery_redirected', details: { status, location: `${server.origin}/moved`, count: 3 } });
      expect(t.errors[0]!.message).toContain(`${server.origin}/moved`);
    });
  }

  for (const status of [307, 308]) {
    it(`follows ${status} with the same method and body, and counts the 2xx of the target`, async () => {
      handler = (request) => (request.url === '/v1/batch' ? { status, headers: { location: '/v2/batch' } } : request.method === 'POST' ? { status: 200 } : { status: 405 });
      const t = make();
      await t.delivery.start();
      const events = t.enqueue(3);
      await t.delivery.flush();
      expect(t.delivery.stats()).toMatchObject({ sent: 3, queued: 0 });
      const moved = server.requests.filter((r) => r.url === '/v2/batch');
      expect(moved.map((r) => r.method)).toEqual(['POST']);
      expect(idsOf(moved[0]!)).toEqual(events.map((e) => e.messageId));
      expect(moved[0]!.headers.authorization).toBe(`Basic ${Buffer.from('wk_test:').toString('base64')}`);
      expect(t.errors).toEqual([]);
    });
  }

  it('stops following after a few hops and keeps the events (a redirect loop)', async () => {
    handler = () => ({ status: 307, headers: { location: '/v1/batch' } });
    const t = make();
    await t.delivery.start();
    t.enqueue(2);
    await t.delivery.flush();
    await until(() => t.errors.length > 0);
    expect(t.delivery.stats()).toMatchObject({ sent: 0, queued: 2 });
    expect(t.errors[0]).toMatchObject({ code: 'delivery_redirected', details: { status: 307 } });
  });
});

/** Writes `total` bytes in 64 KiB chunks, waiting for the socket to drain: the server holds at most one chunk. */
async function stream(response: ServerResponse, total: number): Promise<number> {
  const chunk = Buffer.alloc(65_536, 120);
  let written = 0;
  while (written < total && !response.destroyed) {
    const ok = response.write(chunk);
    written += chunk.length;
    if (!ok) await new Promise<void>((resolve) => {
      response.once('drain', resolve);
      response.once('close', resolve);
    });
  }
  if (!response.destroyed) response.end();
  return written;
}

describe('response bodies', () => {
  it('delivers once when a 200 arrives in time but its body trickles for longer than timeoutMs', async () => {
    handler = async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{');
      for (let i = 0; i < 15 && !response.destroyed; i++) {
        await sleep(100);
        response.write(' ');
      }
      if (!response.destroyed) response.end('}');
      return undefined;
    };
    const t = make({ timeoutMs: 300 });
    await t.delivery.start();
    t.enqueue(4);
    const started = Date.now();
    await t.delivery.flush();
    const took = Date.now() - started;
    await sleep(1800); // longer than the trickle: a retry would have shown up by now
    expect(server.requests).toHaveLength(1);
    expect(t.delivery.stats()).toMatchObject({ sent: 4, queued: 0, retried: 0 });
    expect(t.errors).toEqual([]);
    console.log(`trickling 200: flush() settled after ${took} ms (timeoutMs 300, body took 1500 ms)`);
  });

  it('reads a bounded prefix of a 50 MB answer: memory grows by far less than 100 MB', async () => {
    let written = 0;
    let status = 200;
    handler = async (_request, response) => {
      response.writeHead(status, { 'content-type': 'text/plain' });
      written = await stream(response, 50 * 1024 * 1024);
      return undefined;
    };
    const usage = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    for (status of [200, 403]) {
      (globalThis as { gc?: () => void }).gc?.();
      const before = usage();
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, usage())), 2);
      const t = make({ timeoutMs: 20_000 });
      await t.delivery.start();
      t.enqueue(2);
      await t.delivery.flush();
      await sleep(200);
      clearInterval(sampler);
      const growthMb = (peak - before) / 1024 / 1024;
      console.log(`50 MB answer with status ${status}: memory grew by ${growthMb.toFixed(1)} MB at peak; the server wrote ${(written / 1024 / 1024).toFixed(1)} MB before the client let go`);
      expect(growthMb).toBeLessThan(100);
      expect(written).toBeLessThan(20 * 1024 * 1024);
      if (status === 200) expect(t.delivery.stats()).toMatchObject({ sent: 2, queued: 0 });
      else expect(t.errors[0]).toMatchObject({ code: 'delivery_rejected', details: { status: 403 } });
    }
  });

  it('puts the start of an error body in the report', async () => {
    handler = () => ({ status: 401, body: '{"error":"invalid write key"}' });
    const t = make();
    await t.delivery.start();
    t.enqueue(1);
    await t.delivery.flush();
    expect(t.errors[0]).toMatchObject({ code: 'delivery_rejected', details: { status: 401, response: '{"error":"invalid write key"}' } });
    expect(t.errors[0]!.message).toContain('invalid write key');
  });
});

/** A port on 127.0.0.1 nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('what a failed request is called', () => {
  it('says "connection refused" with details.reason, not just status 0', async () => {
    const t = make({ endpoint: `http://127.0.0.1:${await closedPort()}/v1/batch` });
    await t.delivery.start();
    t.enqueue(1);
    await t.delivery.flush();
    expect(t.errors[0]).toMatchObject({ code: 'delivery_failed', details: { status: 0, reason: 'connection_refused', errorCode: 'ECONNREFUSED' } });
    expect(t.errors[0]!.message).toMatch(/connection refused/);
  });

  it('says the host name could not be resolved', async () => {
    const t = make({ endpoint: 'http://nudgekit-test.invalid/v1/batch' });
    await t.delivery.start();
    t.enqueue(1);
    await t.delivery.flush();
    expect(t.errors[0]).toMatchObject({ code: 'delivery_failed', details: { reason: 'dns_failure' } });
    expect(t.errors[0]!.message).toMatch(/dns failure/);
  });

  it('says the connection was reset by the server', async () => {
    handler = () => 'destroy';
    const t = make();
    await t.delivery.start();
    t.enqueue(1);
    await t.delivery.flush();
    expect(t.errors[0]).toMatchObject({ code: 'delivery_failed', details: { reason: 'connection_reset' } });
    expect(t.errors[0]!.message).toMatch(/connection reset/);
  });

  it('says no answer came within timeoutMs', async () => {
    handler = async () => {
      await sleep(500);
      return { status: 200 };
    };
    const t = make({ timeoutMs: 100 });
    await t.delivery.start();
    t.enqueue(1);
    await t.delivery.flush();
    expect(t.errors[0]).toMatchObject({ code: 'delivery_failed', details: { reason: 'timeout' } });
    expect(t.errors[0]!.message).toMatch(/no answer within 100 ms/);
  });
});
