/**
 * Calls made before the client is ready (issue #12, item 3): they wait for the store under the
 * queue's own caps, not a smaller pre-ready one, and a drop over a bound is counted as
 * `heldDropped`, reported once per tick and sent to the backend as `droppedEvents`. Real HTTP
 * collectors on 127.0.0.1; no mocked fetch.
 */
import { afterEach, expect, it } from 'vitest';
import { createNudgeKit, type NudgeKit } from '../../src/index';
import type { NudgeKitError } from '../../src/core/errors';
import { startServer, type SeenRequest, type TestServer } from '../e2e/harness';

type Body = { batch: { messageId: string; properties?: { i?: number }; context: { droppedEvents?: number } }[] };
const closing: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const c of closing.splice(0)) await c.close();
});

async function collector(fail: (n: number) => 'before' | 'after' | undefined) {
  const stored = new Map<string, Body['batch'][number]>();
  let dropped = 0;
  let n = 0;
  const server: TestServer = await startServer((request: SeenRequest) => {
    const k = n++;
    const body = JSON.parse(request.body.toString('utf8')) as Body;
    const mode = fail(k);
    if (mode === 'before') return { status: 503 };
    for (const event of body.batch) stored.set(event.messageId, event);
    dropped += body.batch[0]?.context.droppedEvents ?? 0;
    // Stored, then the connection drops: the client must send the batch again.
    return mode === 'after' ? 'destroy' : { status: 200 };
  });
  closing.push(server);
  return { server, stored, dropped: () => dropped, requests: () => n };
}

function client(endpoint: string, errors: NudgeKitError[], extra: object = {}): NudgeKit {
  const nk = createNudgeKit({
    endpoint,
    store: 'memory',
    batch: { maxEvents: 500, intervalMs: 50 },
    retry: { baseMs: 5, maxMs: 40 },
    queue: { maxEvents: 50_000, maxBytes: 50 * 1024 * 1024 },
    onError: (e) => errors.push(e),
    ...extra,
  });
  closing.push({ close: () => nk.shutdown() });
  return nk;
}

it('delivers all 20,000 events tracked before ready through a collector that fails a third of the requests, some after storing', async () => {
  // Every third request fails: half of them before the batch is stored, half after.
  const c = await collector((k) => (k % 6 === 1 ? 'before' : k % 6 === 4 ? 'after' : undefined));
  const errors: NudgeKitError[] = [];
  const nk = client(`${c.server.origin}/v1/batch`, errors);
  for (let i = 0; i < 20_000; i++) nk.track('burst', { i });
  await nk.ready();
  const end = Date.now() + 60_000;
  while (c.stored.size < 20_001 && Date.now() < end) {
    await nk.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const indexes = new Set([...c.stored.values()].map((e) => e.properties?.i).filter((i) => i !== undefined));
  expect(c.stored.size).toBe(20_000 + 1); // and the session_start before them
  expect(indexes.size).toBe(20_000);
  expect(nk.stats()).toMatchObject({ heldDropped: 0, consentDropped: 0, dropped: 0 });
  expect(errors.filter((e) => e.code === 'queue_overflow')).toEqual([]);
  expect(c.requests()).toBeGreaterThan(40);
}, 90_000);

it('drops over the queue cap while the store opens, and over 1,000 while consent is unknown: counted, reported once, sent as droppedEvents', async () => {
  const c = await collector(() => undefined);
  const errors: NudgeKitError[] = [];
  const nk = client(`${c.server.origin}/v1/batch`, errors, { queue: { maxEvents: 2000 } });
  for (let i = 0; i < 3000; i++) nk.track('burst', { i });
  await nk.ready();
  await nk.flush();
  expect(c.stored.size).toBe(2000);
  expect(nk.stats()).toMatchObject({ heldDropped: 1000, dropped: 1001, consentDropped: 0 }); // + the session_start the cap dropped
  expect(errors.filter((e) => e.code === 'queue_overflow').map((e) => e.details.dropped)).toEqual([1000, 1]);
  expect(c.dropped()).toBe(1001);

  const errors2: NudgeKitError[] = [];
  const waiting = client(`${c.server.origin}/v1/batch`, errors2, { requireConsent: true });
  for (let i = 0; i < 1500; i++) waiting.track('consent', { i });
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(errors2.filter((e) => e.code === 'queue_overflow').map((e) => e.details.dropped)).toEqual([500]);
  expect(waiting.stats()).toMatchObject({ heldDropped: 500, consentDropped: 0, dropped: 500 });
  waiting.setConsent('granted');
  await waiting.ready();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await waiting.flush();
  expect(c.stored.size).toBe(2000 + 1001);
  expect(c.dropped()).toBe(1001 + 500);
});
