/**
 * The read side: `GET /v1/stats` counts, the HTML page, `/v1/rules` and `/health`,
 * over a scripted history of three devices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readRules } from '../../src/rules/load';
import { type Collector, ROOT, WRITE_KEY, freshDataDir, tempDir, removeDir, startCollector, post, trackEvent, getJson } from './helpers';

let collector: Collector;
let dataDir: string;

const lifecycle = (stage: string, tier: string) => ({ session: { id: 's', index: 1 }, lifecycle: { stage, tier } });
let n = 0;
const id = () => `stats-${n++}`;

beforeAll(async () => {
  dataDir = await freshDataDir();
  collector = await startCollector({ writeKey: WRITE_KEY, dataDir });
  // Device A: a visitor (potential) who buys on the next day (new, low tier).
  const deviceA = [
    trackEvent({ messageId: id(), anonymousId: 'A', event: 'product_viewed', timestamp: '2026-11-01T09:00:00Z', context: lifecycle('potential', 'low') }),
    trackEvent({ messageId: id(), anonymousId: 'A', event: 'stage_change', timestamp: '2026-11-02T10:00:00Z', properties: { from: 'potential', to: 'new' } }),
    trackEvent({ messageId: id(), anonymousId: 'A', event: 'purchase', timestamp: '2026-11-02T10:00:01Z', context: lifecycle('new', 'low') }),
  ];
  // Device B: a high-value customer, silent, who comes back (resurrected).
  const deviceB = [
    trackEvent({ messageId: id(), anonymousId: 'B', userId: 'u-b', event: 'product_viewed', timestamp: '2026-11-01T23:59:59Z', context: lifecycle('silent', 'high') }),
    trackEvent({ messageId: id(), anonymousId: 'B', userId: 'u-b', event: 'stage_change', timestamp: '2026-11-03T08:00:00Z', properties: { from: 'silent', to: 'resurrected' } }),
    { type: 'page', messageId: id(), anonymousId: 'B', userId: 'u-b', name: 'Home', timestamp: '2026-11-03T08:00:01Z', properties: {}, context: lifecycle('resurrected', 'high') },
  ];
  // Device C: identified, never classified.
  const deviceC = [{ type: 'identify', messageId: id(), userId: 'u-c', anonymousId: null, timestamp: '2026-11-03T12:00:00Z', traits: { plan: 'pro' } }];
  const first = await post(collector, { batch: [...deviceA, ...deviceB, ...deviceC] });
  expect(first.json).toMatchObject({ accepted: 7, duplicates: 0 });
  // A retry of part of it, plus one event with no anonymousId or userId.
  const second = await post(collector, { batch: [deviceA[0], deviceA[1], trackEvent({ messageId: id(), anonymousId: null })] });
  expect(second.json).toMatchObject({ accepted: 0, duplicates: 2 });
  expect(second.json.rejected).toHaveLength(1);
}, 60_000);

afterAll(async () => {
  await collector?.close();
  await removeDir(dataDir);
}, 60_000);

describe('GET /v1/stats', () => {
  it('counts events per name, type, day, stage, device and transition', async () => {
    const { status, json } = await getJson<Record<string, unknown>>(collector, '/v1/stats');
    expect(status).toBe(200);
    expect(json).toEqual({
      total: 7,
      devices: 3,
      batches: 2,
      duplicates: 2,
      rejected: 1,
      byType: [
        { type: 'track', count: 5 },
        { type: 'identify', count: 1 },
        { type: 'page', count: 1 },
      ],
      byEvent: [
        { event: 'product_viewed', count: 2 },
        { event: 'stage_change', count: 2 },
        { event: 'purchase', count: 1 },
      ],
      byDay: [
        { day: '2026-11-01', count: 2, devices: 2 },
        { day: '2026-11-02', count: 2, devices: 1 },
        { day: '2026-11-03', count: 3, devices: 2 },
      ],
      eventsByStage: [
        { stage: 'new', count: 2 },
        { stage: 'resurrected', count: 2 },
        { stage: '(none)', count: 1 },
        { stage: 'potential', count: 1 },
        { stage: 'silent', count: 1 },
      ],
      devicesByStage: [
        { stage: 'new', count: 1 },
        { stage: 'resurrected', count: 1 },
      ],
      devicesByTier: [
        { tier: 'high', count: 1 },
        { tier: 'low', count: 1 },
      ],
      stageChanges: [
        { from: 'potential', to: 'new', count: 1 },
        { from: 'silent', to: 'resurrected', count: 1 },
      ],
      rejectedByReason: [{ reason: 'anonymousId or userId: one of them is required', count: 1 }],
    });
  });
});

describe('GET /', () => {
  it('renders the counts as an escaped HTML table with no script and a strict CSP', async () => {
    await post(collector, { batch: [trackEvent({ messageId: id(), anonymousId: 'X', event: '<script>alert(1)</script>' })] });
    const response = await fetch(`${collector.url}/`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toMatch(/<td>events stored<\/td><td>8<\/td>/);
    expect(html).toMatch(/<td>resurrected<\/td><td>1<\/td>/);
  });
});

describe('GET /v1/rules', () => {
  it('serves examples/rules/rules.json with CORS and an ETag, and 304 when unchanged', async () => {
    const response = await fetch(`${collector.url}/v1/rules`, { headers: { origin: 'https://shop.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const text = await response.text();
    expect(text).toBe(await readFile(resolve(ROOT, 'examples/rules/rules.json'), 'utf8'));
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await fetch(`${collector.url}/v1/rules`, { headers: { 'if-none-match': String(etag) } });
    expect(again.status).toBe(304);
  });

  it('serves a document the SDK loadRules accepts in full: five valid rules, version 1, no issues', async () => {
    const result = await readRules(`${collector.url}/v1/rules`);
    expect(result.issues).toEqual([]);
    expect(result).toMatchObject({ ok: true, source: 'network', version: 1 });
    expect(result.rules.map((r) => r.id)).toEqual(['welcome-back', 'abandoned-cart', 'first-purchase-offer', 'nps-after-second-order', 'fifth-order-thanks']);
    expect(result.rules.map((r) => Object.keys(r.trigger)[0])).toEqual(['stageChange', 'inactivityMs', 'event', 'event', 'milestone']);
  });

  it('answers 500 while the rule file is broken, and serves it again once it is fixed, without a restart', async () => {
    const otherDir = await freshDataDir();
    const rulesDir = await tempDir();
    const rulesPath = resolve(rulesDir, 'rules.json');
    await writeFile(rulesPath, '{ "version": 1, "rules": [');
    const other = await startCollector({ writeKey: WRITE_KEY, dataDir: otherDir, rulesPath });
    try {
      expect(await getJson(other, '/v1/rules')).toEqual({ status: 500, json: { success: false, error: 'the rule document cannot be read' } });
      await writeFile(rulesPath, '{ "version": 2, "rules": [] }');
      expect(await getJson(other, '/v1/rules')).toEqual({ status: 200, json: { version: 2, rules: [] } });
    } finally {
      await other.close();
      await removeDir(otherDir);
      await removeDir(rulesDir);
    }
  }, 60_000);
});

describe('GET /health and unknown paths', () => {
  it('reports the database and answers 404 and 405 as JSON', async () => {
    expect(await getJson(collector, '/health')).toEqual({ status: 200, json: { ok: true, database: 'pglite' } });
    expect((await getJson(collector, '/v1/nothing')).status).toBe(404);
    expect((await getJson(collector, '/__proto__')).status).toBe(404);
    const wrongMethod = await fetch(`${collector.url}/v1/batch`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST, OPTIONS');
  });
});
