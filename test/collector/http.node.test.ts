/**
 * The collector's HTTP helpers: CORS for one origin or a list, Basic write keys, and a
 * collector started with a narrowed origin and a small body limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { type Collector, ROOT, WRITE_KEY, freshDataDir, removeDir, startCollector, post, trackEvent } from './helpers';

interface HttpModule {
  corsHeaders(req: IncomingMessage, corsOrigin: string | string[]): Record<string, string>;
  basicUser(header: string | undefined): string | null | undefined;
  sameSecret(given: string, expected: string): boolean;
}
const http = (await import(pathToFileURL(resolve(ROOT, 'examples/collector/http.mjs')).href)) as HttpModule;
const request = (origin?: string) => ({ headers: origin === undefined ? {} : { origin } }) as IncomingMessage;

describe('collector HTTP helpers', () => {
  it('echoes an allowed origin, omits the header for others, and varies on Origin', () => {
    const list = ['https://shop.example', 'https://admin.example'];
    expect(http.corsHeaders(request('https://admin.example'), list)).toMatchObject({ 'Access-Control-Allow-Origin': 'https://admin.example', Vary: 'Origin' });
    expect(http.corsHeaders(request('https://evil.example'), list)['Access-Control-Allow-Origin']).toBeUndefined();
    expect(http.corsHeaders(request(), 'https://shop.example')['Access-Control-Allow-Origin']).toBeUndefined();
    expect(http.corsHeaders(request('https://any.example'), '*')['Access-Control-Allow-Origin']).toBe('*');
  });

  it('reads the write key of a Basic header, and refuses other schemes', () => {
    expect(http.basicUser(`Basic ${Buffer.from('wk_1:').toString('base64')}`)).toBe('wk_1');
    expect(http.basicUser(`basic ${Buffer.from('wk_1').toString('base64')}`)).toBe('wk_1');
    expect(http.basicUser(`Basic ${Buffer.from('wk:with:colons').toString('base64')}`)).toBe('wk');
    expect(http.basicUser('Bearer wk_1')).toBeNull();
    expect(http.basicUser('Basic')).toBeNull();
    expect(http.basicUser(undefined)).toBeUndefined();
    expect(http.sameSecret('a', 'a')).toBe(true);
    expect(http.sameSecret('a', 'ab')).toBe(false);
  });
});

describe('a collector with a narrowed origin and a small body limit', () => {
  let collector: Collector;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await freshDataDir();
    collector = await startCollector({ writeKey: WRITE_KEY, dataDir, corsOrigin: 'https://shop.example', maxBodyBytes: 2048 });
  }, 60_000);
  afterAll(async () => {
    await collector?.close();
    await removeDir(dataDir);
  }, 60_000);

  it('allows only its origin', async () => {
    const ok = await post(collector, { batch: [] }, { headers: { origin: 'https://shop.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const other = await post(collector, { batch: [] }, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 413 for a chunked body (no Content-Length) that grows past the limit', async () => {
    const events = Array.from({ length: 20 }, () => trackEvent());
    const body = new TextEncoder().encode(JSON.stringify({ batch: events }));
    expect(body.length).toBeGreaterThan(2048);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += 512) controller.enqueue(body.slice(i, i + 512));
        controller.close();
      },
    });
    const response = await fetch(collector.endpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('refuses to start without a write key', async () => {
    await expect(startCollector({ writeKey: '', dataDir })).rejects.toThrow('writeKey: expected a non-empty string');
  });
});

describe('starting on a port already taken', () => {
  it('rejects with the listen error and releases the data folder', async () => {
    const dataDir = await freshDataDir();
    const first = await startCollector({ writeKey: WRITE_KEY, dataDir });
    await first.close();
    const blockerDir = await freshDataDir();
    const blocker = await startCollector({ writeKey: WRITE_KEY, dataDir: blockerDir });
    try {
      await expect(startCollector({ writeKey: WRITE_KEY, dataDir, port: blocker.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      // The folder was closed again: a new collector opens it and finds it intact.
      const again = await startCollector({ writeKey: WRITE_KEY, dataDir });
      expect((await post(again, { batch: [trackEvent()] })).json.accepted).toBe(1);
      await again.close();
    } finally {
      await blocker.close();
      await removeDir(dataDir);
      await removeDir(blockerDir);
    }
  }, 60_000);
});
