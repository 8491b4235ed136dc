/**
 * Delivery in real Chromium (Playwright): IndexedDB queue across reloads, page close mid-batch,
 * and several tabs sending through one Web Lock.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright';
import { bundle, htmlPage, launchBrowser, startServer, type Reply, type TestServer } from './harness';

interface Received {
  at: number;
  tab: string;
  unloading: boolean;
  /** Sent by navigator.sendBeacon: text/plain, and no custom headers. */
  beacon: boolean;
  bytes: number;
  ids: string[];
}

type Entry = {
  boot(config: { tabId: string; maxEvents?: number; intervalMs?: number; timeoutMs?: number; beaconOnly?: boolean }): Promise<string>;
  track(n: number, prefix: string): string[];
  whenPersisted(): Promise<void>;
  flush(): Promise<void>;
  stats(): { queued: number; sent: number; dropped: number; retried: number; failed: number };
  errorLog(): { code: string; message: string }[];
  unhandledRejections(): string[];
};

let browser: Browser;
let server: TestServer;
let received: Received[] = [];
let answer: (batch: Received) => Promise<Reply> | Reply = () => ({ status: 200 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  const script = await bundle('test/e2e/fixtures/delivery-page.ts', 'Delivery');
  server = await startServer(async (request) => {
    if (request.url === '/') return { headers: { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" }, body: htmlPage(['/delivery.js']) };
    if (request.url === '/delivery.js') return { headers: { 'content-type': 'text/javascript' }, body: script };
    if (request.url === '/v1/batch' && request.method === 'POST') {
      const body = JSON.parse(request.body.toString('utf8')) as { batch: { messageId: string }[] };
      const batch: Received = {
        at: Date.now(),
        tab: String(request.headers['x-tab']),
        unloading: request.headers['x-unloading'] === 'true',
        beacon: String(request.headers['content-type']).startsWith('text/plain'),
        bytes: request.body.length,
        ids: body.batch.map((e) => e.messageId),
      };
      received.push(batch);
      return answer(batch);
    }
    return undefined;
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Collects unhandled rejections from the pages still open (call before closing the context). */
async function collectRejections(): Promise<void> {
  for (const page of openPages) {
    if (page.isClosed() || !page.url().startsWith(server.origin)) continue;
    pageProblems.push(...(await call(page, (d) => d.unhandledRejections())));
  }
}

afterEach(() => {
  expect(pageProblems).toEqual([]);
});

beforeEach(() => {
  pageProblems = [];
  openPages.length = 0;
  received = [];
  answer = () => ({ status: 200 });
});

/** Page errors and unhandled rejections of every page a test opened: must stay empty. */
let pageProblems: string[] = [];
const openPages: Page[] = [];

async function openTab(context: BrowserContext, tabId: string, config: { maxEvents?: number; intervalMs?: number; beaconOnly?: boolean } = {}): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageProblems.push(error.message));
  openPages.push(page);
  await page.goto(server.origin + '/');
  await page.evaluate(([id, cfg]) => (window as unknown as { Delivery: Entry }).Delivery.boot({ tabId: id, ...cfg }), [tabId, config] as const);
  return page;
}

const call = <T>(page: Page, fn: (entry: Entry) => T | Promise<T>) =>
  page.evaluate(`(${fn.toString()})(window.Delivery)`) as Promise<T>;

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(25);
  }
}

const receivedIds = () => new Set(received.flatMap((b) => b.ids));

it('keeps events queued offline through leaving the page and sends them on the next load', async () => {
  const context = await browser.newContext();
  // Chromium's offline emulation does not cover keepalive requests made on pagehide (they leave
  // from the browser process), so the server refuses those here: the next load must send everything.
  answer = (batch) => ({ status: batch.unloading ? 503 : 200 });
  const page = await openTab(context, 'solo');
  await context.setOffline(true);
  const ids = await page.evaluate(() => (window as unknown as { Delivery: Entry }).Delivery.track(40, 'offline'));
  await call(page, (d) => d.whenPersisted());
  await call(page, (d) => d.flush());
  await sleep(500);
  expect(received).toHaveLength(0);
  expect(await call(page, (d) => d.stats().retried)).toBe(0); // offline does not burn retries
  // Leave the page while still offline (a reload would fail to load and keep the old page alive).
  await page.goto('about:blank');
  await context.setOffline(false);
  await page.goto(server.origin + '/');
  await page.evaluate(() => (window as unknown as { Delivery: Entry }).Delivery.boot({ tabId: 'after-reload' }));
  const afterReload = () => new Set(received.filter((b) => b.tab === 'after-reload').flatMap((b) => b.ids));
  await until(() => ids.every((id) => afterReload().has(id)));
  expect(received.filter((b) => b.tab === 'solo').every((b) => b.unloading)).toBe(true);
  await collectRejections();
  await context.close();
});

it('loses nothing when the page is closed mid-batch (keepalive on pagehide, the rest on the next load)', async () => {
  const context = await browser.newContext();
  // The first batch hangs, so the page closes while it is in flight and the rest is still queued.
  let hung = false;
  answer = async (batch) => {
    if (!batch.unloading && !hung) {
      hung = true;
      await sleep(4000);
    }
    return { status: 200 };
  };
  const page = await openTab(context, 'closing', { maxEvents: 25, intervalMs: 60_000 });
  // ~150 KB: more than the 64 KiB a closing page may send, so the next load must send the rest.
  const ids = await page.evaluate(() => (window as unknown as { Delivery: Entry }).Delivery.track(400, 'close'));
  await call(page, (d) => d.whenPersisted());
  await until(() => hung);
  await page.close({ runBeforeUnload: false });
  await sleep(1000);
  const unload = received.filter((b) => b.unloading);
  const byKeepalive = new Set(unload.flatMap((b) => b.ids));
  expect(byKeepalive.size).toBeGreaterThan(0);
  expect(unload.reduce((sum, b) => sum + b.bytes, 0)).toBeLessThanOrEqual(65_536);
  const page2 = await openTab(context, 'next-load');
  await until(() => ids.every((id) => receivedIds().has(id)));
  const fromNextLoad = new Set(received.filter((b) => b.tab === 'next-load').flatMap((b) => b.ids));
  const leftOver = ids.filter((id) => !byKeepalive.has(id));
  expect(leftOver.length).toBeGreaterThan(0);
  expect(leftOver.every((id) => fromNextLoad.has(id))).toBe(true);
  console.log(`page close: ${byKeepalive.size} of 400 events sent by keepalive on pagehide, ${leftOver.length} on the next load`);
  await page2.close();
  await collectRejections();
  await context.close();
});

it('sends with navigator.sendBeacon on close where keepalive fetch is missing', async () => {
  const context = await browser.newContext();
  const page = await openTab(context, 'beacon', { maxEvents: 500, intervalMs: 60_000, beaconOnly: true });
  const ids = await page.evaluate(() => (window as unknown as { Delivery: Entry }).Delivery.track(60, 'beacon'));
  await call(page, (d) => d.whenPersisted());
  await collectRejections();
  await page.close({ runBeforeUnload: false });
  await until(() => ids.every((id) => receivedIds().has(id)), 10_000);
  // Only this page's batches: a request of the previous test's pages may land after it ended.
  const mine = new Set(ids);
  const batches = received.filter((b) => b.ids.some((id) => mine.has(id)));
  // Beacons carry no custom headers: the tab tag of the format function is missing.
  expect(batches.length).toBeGreaterThan(0);
  expect(batches.map((b) => ({ beacon: b.beacon, tab: b.tab }))).toEqual(batches.map(() => ({ beacon: true, tab: 'undefined' })));
  await context.close();
});

it('three tabs tracking at once deliver every event exactly once after dedupe, and no two tabs send the same event', async () => {
  const context = await browser.newContext();
  answer = async () => {
    await sleep(5);
    return { status: 200 };
  };
  const tabs = [await openTab(context, 'tab-a'), await openTab(context, 'tab-b'), await openTab(context, 'tab-c')];
  const all: string[] = [];
  for (let round = 0; round < 10; round++) {
    const batches = await Promise.all(tabs.map((page, i) => page.evaluate(([n, p]) => (window as unknown as { Delivery: Entry }).Delivery.track(n, p), [20, `t${i}r${round}`] as const)));
    all.push(...batches.flat());
    await sleep(20);
  }
  await Promise.all(tabs.map((page) => call(page, (d) => d.whenPersisted())));
  await until(() => all.every((id) => receivedIds().has(id)));
  await sleep(500);
  // Every event arrived; de-duplicated by messageId nothing is missing or extra.
  const ids = received.flatMap((b) => b.ids);
  expect(new Set(ids)).toEqual(new Set(all));
  // One sender: no messageId in batches from two different tabs while all were alive.
  const senders = new Map<string, Set<string>>();
  for (const batch of received) for (const id of batch.ids) senders.set(id, (senders.get(id) ?? new Set()).add(batch.tab));
  expect([...senders.values()].filter((s) => s.size > 1)).toEqual([]);
  expect(new Set(received.map((b) => b.tab)).size).toBe(1);
  console.log(`three tabs: ${all.length} events in ${received.length} batches, ${ids.length - new Set(ids).size} duplicates`);

  // The leader closes with a backlog (the server is slow now); one of the others takes the lock
  // and sends the rest and what is tracked next, but not what the leader sent on pagehide.
  answer = async (batch) => {
    if (!batch.unloading) await sleep(1500);
    return { status: 200 };
  };
  const leader = received[0]!.tab;
  const leaderIndex = ['tab-a', 'tab-b', 'tab-c'].indexOf(leader);
  const backlog = (await Promise.all(tabs.map((page, i) => page.evaluate(([p]) => (window as unknown as { Delivery: Entry }).Delivery.track(40, p), [`backlog${i}`] as const)))).flat();
  await Promise.all(tabs.map((page) => call(page, (d) => d.whenPersisted())));
  await sleep(300);
  const closedAt = Date.now();
  await tabs[leaderIndex]!.close();
  const rest = tabs.filter((_, i) => i !== leaderIndex);
  const later = (await Promise.all(rest.map((page, i) => page.evaluate(([p]) => (window as unknown as { Delivery: Entry }).Delivery.track(15, p), [`after${i}`] as const)))).flat();
  await until(() => [...backlog, ...later].every((id) => receivedIds().has(id)));
  const newSenders = new Set(received.filter((b) => b.ids.some((id) => later.includes(id))).map((b) => b.tab));
  expect(newSenders.size).toBe(1);
  expect(newSenders.has(leader)).toBe(false);
  const onPagehide = new Set(received.filter((b) => b.tab === leader && b.unloading).flatMap((b) => b.ids));
  expect(onPagehide.size).toBeGreaterThan(0);
  // Leased for timeoutMs + 5 s: the new sender leaves them alone meanwhile.
  const sentAgain = received.filter((b) => b.tab !== leader && b.at < closedAt + 9000).flatMap((b) => b.ids).filter((id) => onPagehide.has(id));
  expect(sentAgain).toEqual([]);
  await collectRejections();
  await context.close();
});
