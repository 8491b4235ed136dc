/**
 * The page's edges of issue #12, items 1 to 3, in real Chromium with the full client and real
 * IndexedDB: a burst tracked in the same task as a navigation, and events tracked before the
 * store opened, followed by a navigation or a closed tab. The next load must deliver every
 * tracked event exactly once after de-duplication by messageId: one messageId per tracked event
 * (no event arrives under two ids) and every tracked event among them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright';
import { bundle, htmlPage, launchBrowser, startServer, type TestServer } from './harness';

type Entry = {
  burstAndLeave(n: number, run: string): void;
  ready_(): Promise<void>;
  isReady(): boolean;
  user(): { anonymousId: string };
  errorLog(): string[];
  unhandledRejections(): string[];
};
interface Seen {
  messageId: string;
  event?: string;
  anonymousId: string;
  properties?: { run?: string; i?: number };
  context: { session?: { id: string } };
}

let browser: Browser;
let server: TestServer;
let seen: Seen[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  const script = await bundle('test/e2e/fixtures/lifeboat-page.ts', 'Lifeboat');
  server = await startServer((request) => {
    const path = request.url.split('?')[0];
    if (path === '/') return { headers: { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" }, body: htmlPage(['/lifeboat.js']) };
    if (path === '/lifeboat.js') return { headers: { 'content-type': 'text/javascript' }, body: script };
    if (path === '/blank') return { headers: { 'content-type': 'text/html' }, body: htmlPage([]) };
    if (path === '/v1/batch' && request.method === 'POST') {
      const body = JSON.parse(request.body.toString('utf8')) as { batch: Seen[] };
      seen.push(...body.batch);
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

const call = <T>(page: Page, fn: (entry: Entry) => T | Promise<T>) => page.evaluate(`(${fn.toString()})(window.Lifeboat)`) as Promise<T>;

/** The events of one run as received, and the check that each tracked one arrived exactly once after dedupe. */
function ofRun(run: string): Seen[] {
  return seen.filter((e) => e.properties?.run === run);
}

async function deliveredExactlyOnce(run: string, n: number, timeoutMs = 20_000): Promise<Seen[]> {
  const end = Date.now() + timeoutMs;
  while (new Set(ofRun(run).map((e) => e.properties?.i)).size < n && Date.now() < end) await sleep(50);
  await sleep(300); // anything late would show up as an extra messageId
  const events = ofRun(run);
  const byId = new Map(events.map((e) => [e.messageId, e]));
  const indexes = [...byId.values()].map((e) => e.properties?.i).sort((a, b) => a! - b!);
  expect(indexes).toEqual(Array.from({ length: n }, (_, i) => i));
  return [...byId.values()];
}

/** Opens the page again in the same context (same storage): it sends what the last one left. */
async function reopen(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.origin}/`);
  await call(page, (e) => e.ready_());
  return page;
}

async function expectClean(page: Page): Promise<void> {
  expect(await call(page, (e) => e.unhandledRejections())).toEqual([]);
  expect((await call(page, (e) => e.errorLog())).filter((m) => !m.startsWith('delivery'))).toEqual([]);
}

for (const n of [500, 1000]) {
  it(`delivers all ${n} events of a burst tracked in the same task as a navigation, once each after dedupe`, async () => {
    seen = [];
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await call(page, (e) => e.ready_());
    const run = `burst-${n}`;
    await Promise.all([page.waitForURL('**/blank'), page.evaluate(([count, name]) => (window as unknown as { Lifeboat: Entry }).Lifeboat.burstAndLeave(count, name), [n, run] as const)]);
    await sleep(300);
    const beforeReopen = new Set(ofRun(run).map((e) => e.messageId)).size;
    const next = await reopen(context);
    const events = await deliveredExactlyOnce(run, n);
    const anonymousId = await call(next, (e) => e.user().anonymousId);
    expect(events.every((e) => e.anonymousId === anonymousId)).toBe(true);
    console.log(`burst of ${n} then navigation: ${beforeReopen} arrived from the leaving page, all ${n} after reopening`);
    await expectClean(next);
    await context.close();
  });
}

it('delivers 200 events tracked before the store opened when the tab is closed at once, under the stored anonymous id', async () => {
  seen = [];
  const context = await browser.newContext();
  // A first visit, so the anonymous id is in IndexedDB before the early page runs.
  const first = await reopen(context);
  const anonymousId = await call(first, (e) => e.user().anonymousId);
  await first.close();
  const page = await context.newPage();
  await page.goto(`${server.origin}/?early=200&run=early-200&slowStoreMs=5000`);
  expect(await call(page, (e) => e.isReady())).toBe(false);
  await page.close({ runBeforeUnload: false });
  await sleep(300);
  expect(ofRun('early-200')).toHaveLength(0); // never sent under an id that is not known yet
  const next = await reopen(context);
  const events = await deliveredExactlyOnce('early-200', 200);
  expect(new Set(events.map((e) => e.anonymousId))).toEqual(new Set([anonymousId]));
  expect(events.every((e) => e.context.session?.id)).toBe(true);
  await expectClean(next);
  await context.close();
});

for (const slow of [true, false]) {
  it(`delivers a single track() made 30 ms before a navigation${slow ? ', before the store opened' : ' (default store)'}`, async () => {
    seen = [];
    const context = await browser.newContext();
    const page = await context.newPage();
    const run = `single-${slow}`;
    await page.goto(`${server.origin}/?early=1&run=${run}&leaveAfterMs=30${slow ? '&slowStoreMs=5000' : ''}`);
    await page.waitForURL('**/blank');
    const readyWhenLeft = await page.evaluate(() => sessionStorage.getItem('readyWhenLeft'));
    if (slow) expect(readyWhenLeft).toBe('false');
    const next = await reopen(context);
    const events = await deliveredExactlyOnce(run, 1);
    // Before the store opened, the event waits for the stored id; a page that was ready sent its
    // own, which may not have been saved yet on a first visit (a limit in docs/delivery.md).
    if (slow) expect(events[0]!.anonymousId).toBe(await call(next, (e) => e.user().anonymousId));
    else expect(events[0]!.anonymousId).not.toBe('');
    console.log(`single track 30 ms before navigation (${slow ? 'slow store' : 'default store'}): ready when it left: ${readyWhenLeft}`);
    await expectClean(next);
    await context.close();
  });
}
