/**
 * Delivery through the full client (createNudgeKit, default IndexedDB store) in real Chromium:
 * two tabs tracking at once deliver every event exactly once after dedupe, from one sending tab.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { bundle, htmlPage, launchBrowser, startServer, type TestServer } from './harness';

type Entry = { tabLabel(): string; trackMany(n: number): void; flush(): Promise<void>; errorLog(): string[]; unhandledRejections(): string[] };
interface Received {
  tab: string;
  events: { messageId: string; type: string; event?: string; properties?: { tab?: string; i?: number } }[];
}

let browser: Browser;
let server: TestServer;
const received: Received[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  const script = await bundle('test/e2e/fixtures/delivery-client-page.ts', 'DeliveryClient');
  server = await startServer((request) => {
    if (request.url === '/') return { headers: { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" }, body: htmlPage(['/client.js']) };
    if (request.url === '/client.js') return { headers: { 'content-type': 'text/javascript' }, body: script };
    if (request.url === '/v1/batch' && request.method === 'POST') {
      const body = JSON.parse(request.body.toString('utf8')) as { batch: Received['events']; writeKey: string };
      if (body.writeKey !== 'wk_client_e2e' || request.headers.authorization !== `Basic ${Buffer.from('wk_client_e2e:').toString('base64')}`) return { status: 401 };
      received.push({ tab: String(request.headers['x-tab']), events: body.batch });
      return { status: 200 };
    }
    return undefined;
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const entry = <T>(page: Page, fn: (e: Entry) => T | Promise<T>) => page.evaluate(`(${fn.toString()})(window.DeliveryClient)`) as Promise<T>;

it('two tabs of the full client deliver every tracked event exactly once after dedupe, sent by one tab', async () => {
  const context = await browser.newContext();
  const pages = [await context.newPage(), await context.newPage()];
  for (const page of pages) await page.goto(server.origin + '/');
  const labels = await Promise.all(pages.map((page) => entry(page, (e) => e.tabLabel())));
  for (let round = 0; round < 5; round++) {
    await Promise.all(pages.map((page) => entry(page, (e) => e.trackMany(30))));
    await sleep(30);
  }
  const clicks = () => received.flatMap((b) => b.events.filter((e) => e.type === 'track' && e.event === 'e2e_click').map((e) => ({ ...e, tab: b.tab })));
  const deadline = Date.now() + 30_000;
  while (new Set(clicks().map((e) => e.messageId)).size < 300 && Date.now() < deadline) await sleep(50);
  await sleep(500);
  const all = clicks();
  const unique = new Map(all.map((e) => [e.messageId, e]));
  expect(unique.size).toBe(300);
  // Each tab tracked i = 0..29 five times: 5 of each (tab, i) after dedupe.
  const counts = new Map<string, number>();
  for (const e of unique.values()) counts.set(`${e.properties?.tab}#${e.properties?.i}`, (counts.get(`${e.properties?.tab}#${e.properties?.i}`) ?? 0) + 1);
  expect([...counts.values()].every((n) => n === 5)).toBe(true);
  expect(counts.size).toBe(60);
  expect(new Set([...unique.values()].map((e) => e.properties?.tab))).toEqual(new Set(labels));
  // One sender, and no event in batches of two tabs.
  expect(new Set(received.map((b) => b.tab)).size).toBe(1);
  for (const page of pages) {
    expect(await entry(page, (e) => e.unhandledRejections())).toEqual([]);
    expect((await entry(page, (e) => e.errorLog())).filter((m) => m.startsWith('delivery'))).toEqual([]);
  }
  await context.close();
});
