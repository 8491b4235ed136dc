/**
 * The behaviour every storage engine of the collector must show, run against PGlite
 * (always) and PostgreSQL (when DATABASE_URL is set). Each test uses its own messageId
 * prefix, so the suite also works on a database that already holds events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { loadChecks } from './load-checks';
import { limitChecks } from './limit-checks';
import { experimentChecks } from './experiment-checks';
import { type Collector, WRITE_KEY, post, trackEvent, countEvents, storedIds, basicAuth, getJson } from './helpers';

export interface Engine {
  /** Starts a collector on the engine's storage; a second call must see the same data. */
  start(): Promise<Collector>;
  /** Removes the storage after the suite. */
  cleanup(): Promise<void>;
}

const events = (prefix: string, n: number, overrides: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => trackEvent({ messageId: `${prefix}-${String(i).padStart(4, '0')}`, ...overrides }));

export function collectorContract(label: string, engine: Engine): void {
  describe(`collector on ${label}`, () => {
    let collector: Collector;
    // PGlite's first start runs initdb in WebAssembly: several seconds on a busy machine.
    beforeAll(async () => {
      collector = await engine.start();
    }, 60_000);
    afterAll(async () => {
      await collector?.close();
      await engine.cleanup();
    }, 60_000);

    loadChecks(() => collector);
    limitChecks(() => collector);
    experimentChecks(() => collector);

    it('stores a valid batch and answers with the counts only after storing it', async () => {
      const prefix = randomUUID();
      const { status, json } = await post(collector, { batch: events(prefix, 5), sentAt: new Date().toISOString() });
      expect(status).toBe(200);
      expect(json).toEqual({ success: true, accepted: 5, duplicates: 0, rejected: [] });
      expect(await countEvents(collector, prefix)).toBe(5);
    });

    it('answers 400 with a clear error for malformed JSON and stores nothing', async () => {
      const before = await countEvents(collector);
      const { status, json } = await post(collector, '{"batch": [ {"type": "track"');
      expect(status).toBe(400);
      expect(json.success).toBe(false);
      expect(json.error).toMatch(/^malformed JSON/);
      expect(await countEvents(collector)).toBe(before);
    });

    it.each([
      ['an array', [], 'body: expected an object'],
      ['a string', '"hello"', 'body: expected an object'],
      ['null', 'null', 'body: expected an object'],
      ['an object without batch', { events: [] }, 'batch: expected an array'],
      ['batch as an object', { batch: { 0: {} } }, 'batch: expected an array'],
      ['a bad sentAt', { batch: [], sentAt: 'yesterday' }, 'sentAt: expected an ISO 8601'],
    ])('answers 400 for a body that is %s', async (_name, body, error) => {
      const { status, json } = await post(collector, body);
      expect(status).toBe(400);
      expect(json.error).toContain(error);
    });

    it('answers 401 for a wrong, malformed or missing write key, and stores nothing', async () => {
      const prefix = randomUUID();
      const batch = events(prefix, 3);
      const attempts = [
        await post(collector, { batch }, { writeKey: 'wrong' }),
        await post(collector, { batch }, { writeKey: null, headers: { authorization: `Bearer ${WRITE_KEY}` } }),
        await post(collector, { batch }, { writeKey: null }),
        await post(collector, { batch, writeKey: 'wrong' }, { writeKey: null }),
        await post(collector, { batch, writeKey: 42 }, { writeKey: null }),
        // A valid body key does not rescue a wrong header key.
        await post(collector, { batch, writeKey: WRITE_KEY }, { writeKey: 'wrong' }),
      ];
      for (const { status, json } of attempts) {
        expect(status).toBe(401);
        expect(json.success).toBe(false);
      }
      expect(await countEvents(collector, prefix)).toBe(0);
      const rejected = await collector.db.query('SELECT count(*)::int AS n FROM rejected_events WHERE message_id LIKE $1', [`${prefix}%`]);
      expect(rejected.rows[0]?.n).toBe(0);
    });

    it('stores a duplicate messageId once, within one batch and across batches, and counts it', async () => {
      const prefix = randomUUID();
      const [a, b] = events(prefix, 2);
      const first = await post(collector, { batch: [a, b, { ...a, properties: { again: true } }, a] });
      expect(first.json).toMatchObject({ accepted: 2, duplicates: 2, rejected: [] });
      const second = await post(collector, { batch: [b, a, ...events(`${prefix}-new`, 1)] });
      expect(second.json).toMatchObject({ accepted: 1, duplicates: 2, rejected: [] });
      expect(await storedIds(collector, prefix)).toHaveLength(3);
      // The first copy wins: a retried batch never overwrites what was stored.
      const stored = await collector.db.query('SELECT properties FROM events WHERE message_id = $1', [a?.messageId]);
      expect(stored.rows[0]?.properties).toEqual({ sku: 'A-1' });
    });

    it('rejects one invalid event with its reason, records it, and stores the rest', async () => {
      const prefix = randomUUID();
      const batch = events(prefix, 4);
      batch[2] = { ...batch[2], timestamp: 'not a date' };
      const { status, json } = await post(collector, { batch });
      expect(status).toBe(200);
      expect(json.accepted).toBe(3);
      expect(json.rejected).toEqual([{ index: 2, messageId: `${prefix}-0002`, reason: 'timestamp: expected an ISO 8601 date-time' }]);
      expect(await storedIds(collector, prefix)).toEqual([`${prefix}-0000`, `${prefix}-0001`, `${prefix}-0003`]);
      const recorded = await collector.db.query('SELECT batch_index, reason, raw_json FROM rejected_events WHERE message_id = $1', [`${prefix}-0002`]);
      expect(recorded.rows).toHaveLength(1);
      expect(recorded.rows[0]).toMatchObject({ batch_index: 2, reason: 'timestamp: expected an ISO 8601 date-time' });
      expect(JSON.parse(String(recorded.rows[0]?.raw_json))).toMatchObject({ timestamp: 'not a date' });
    });

    it('records an event PostgreSQL could not store as text (NUL, lone surrogate) as rejected, not as a 500', async () => {
      const prefix = randomUUID();
      const batch = [
        trackEvent({ messageId: `${prefix}-nul`, properties: { note: 'a\u0000b' } }),
        trackEvent({ messageId: `${prefix}-sur`, event: 'bad\uD800name' }),
        // Found by fast-check: the reason names the key, so the reason must be storable too.
        trackEvent({ messageId: `${prefix}-key`, properties: { '\u0000': false } }),
        trackEvent({ messageId: `${prefix}-ok` }),
      ];
      const { status, json } = await post(collector, { batch });
      expect(status).toBe(200);
      expect(json.accepted).toBe(1);
      expect(json.rejected.map((r) => r.reason)).toEqual([
        'properties.note: contains a NUL character, which PostgreSQL cannot store',
        'event: contains a lone UTF-16 surrogate, which PostgreSQL cannot store',
        'properties.\uFFFD (key): contains a NUL character, which PostgreSQL cannot store',
      ]);
      const recorded = await collector.db.query('SELECT reason FROM rejected_events WHERE message_id = $1', [`${prefix}-key`]);
      expect(recorded.rows).toHaveLength(1);
    });

    it('answers 413 for a body over maxBodyBytes and stores nothing of it', async () => {
      const prefix = randomUUID();
      const big = events(prefix, 40, { properties: { padding: 'x'.repeat(16 * 1024) } }); // ~650 KB > 512 KiB
      const { status, json } = await post(collector, { batch: big });
      expect(status).toBe(413);
      expect(json.error).toMatch(/larger than 524288 bytes/);
      expect(await countEvents(collector, prefix)).toBe(0);
      // The connection survives for the next request.
      expect((await post(collector, { batch: events(prefix, 1) })).status).toBe(200);
    });

    it('answers 413 for a gzip body that inflates past the limit', async () => {
      const prefix = randomUUID();
      const batch = events(prefix, 60, { properties: { padding: 'y'.repeat(10_000) } });
      const compressed = gzipSync(JSON.stringify({ batch }));
      expect(compressed.length).toBeLessThan(64 * 1024);
      const { status } = await post(collector, compressed, { headers: { 'content-encoding': 'gzip' } });
      expect(status).toBe(413);
      expect(await countEvents(collector, prefix)).toBe(0);
    });

    it('accepts a gzip body', async () => {
      const prefix = randomUUID();
      const { status, json } = await post(collector, { batch: events(prefix, 10) }, { gzip: true });
      expect(status).toBe(200);
      expect(json.accepted).toBe(10);
      expect(await countEvents(collector, prefix)).toBe(10);
    });

    it('answers 400 for a body that claims gzip but is not, and 415 for an unknown encoding', async () => {
      expect((await post(collector, { batch: [] }, { headers: { 'content-encoding': 'gzip' } })).status).toBe(400);
      expect((await post(collector, { batch: [] }, { headers: { 'content-encoding': 'br' } })).status).toBe(415);
    });

    it('accepts a beacon-style request: text/plain, no Authorization, writeKey in the body', async () => {
      const prefix = randomUUID();
      const body = JSON.stringify({ batch: events(prefix, 2), sentAt: new Date().toISOString(), writeKey: WRITE_KEY });
      const { status, json } = await post(collector, body, { writeKey: null, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
      expect(status).toBe(200);
      expect(json.accepted).toBe(2);
      const latest = await collector.db.query('SELECT auth, accepted FROM batches ORDER BY id DESC LIMIT 1');
      expect(latest.rows[0]).toEqual({ auth: 'body', accepted: 2 });
    });

    it('serves /v1/b like /v1/batch', async () => {
      const prefix = randomUUID();
      const { status, json } = await post(collector, { batch: events(prefix, 1) }, { path: '/v1/b' });
      expect(status).toBe(200);
      expect(json.accepted).toBe(1);
    });

    it('answers CORS preflights and puts CORS headers on errors too', async () => {
      const preflight = await fetch(`${collector.url}/v1/batch`, {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, content-encoding' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type, content-encoding');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      const denied = await post(collector, { batch: [] }, { writeKey: 'wrong', headers: { origin: 'https://shop.example' } });
      expect(denied.headers.get('access-control-allow-origin')).toBe('*');
    });

    it('keeps every event across a restart on the same storage, and takes new batches after it', async () => {
      const prefix = randomUUID();
      expect((await post(collector, { batch: events(`${prefix}-a`, 25) })).json.accepted).toBe(25);
      await collector.close();
      collector = await engine.start();
      expect(await countEvents(collector, `${prefix}-a`)).toBe(25);
      // The same batch again (a client retrying after a lost response) is all duplicates.
      const retry = await post(collector, { batch: events(`${prefix}-a`, 25) });
      expect(retry.json).toMatchObject({ accepted: 0, duplicates: 25 });
      expect((await post(collector, { batch: events(`${prefix}-b`, 25) })).json.accepted).toBe(25);
      expect(await storedIds(collector, prefix)).toHaveLength(50);
    });

    it('returns stored events from /v1/events, filtered and in the order asked', async () => {
      const anonymousId = `anon-${randomUUID()}`;
      const prefix = randomUUID();
      const batch = events(prefix, 3, { anonymousId }).map((e, i) => ({ ...e, event: `step_${i}` }));
      await post(collector, { batch });
      const asc = await getJson<{ count: number; events: { messageId: string; event: string }[] }>(
        collector,
        `/v1/events?anonymousId=${anonymousId}&order=asc&limit=10`,
      );
      expect(asc.json.events.map((e) => e.event)).toEqual(['step_0', 'step_1', 'step_2']);
      const newest = await getJson<{ events: { event: string }[] }>(collector, `/v1/events?anonymousId=${anonymousId}&limit=1`);
      expect(newest.json.events.map((e) => e.event)).toEqual(['step_2']);
      expect((await getJson(collector, '/v1/events?limit=0')).status).toBe(400);
      expect((await getJson(collector, '/v1/events?order=sideways')).status).toBe(400);
    });

    it('accepts the Authorization header alone, whatever the body writeKey says', async () => {
      const prefix = randomUUID();
      const response = await fetch(collector.endpoint, {
        method: 'POST',
        headers: { authorization: basicAuth(WRITE_KEY), 'content-type': 'application/json' },
        body: JSON.stringify({ batch: events(prefix, 1), writeKey: 'stale-key' }),
      });
      expect(response.status).toBe(200);
    });
  });
}
