/**
 * The IndexedDB store across page reloads and between tabs of one origin, in real
 * Chromium driven by Playwright (the storage module bundled as one script).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { bundle, htmlPage, launchBrowser, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  const script = await bundle('src/storage/index.ts', 'NudgeStorage');
  server = await startServer((request) => {
    if (request.url === '/') return { headers: { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" }, body: htmlPage(['/storage.js']) };
    if (request.url === '/storage.js') return { headers: { 'content-type': 'text/javascript' }, body: script };
    return undefined;
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type StorageGlobal = typeof import('../../src/storage/index');
declare const NudgeStorage: StorageGlobal;

/** Appends `count` events from this page, `perAppend` per call, all calls at once; returns the seqs. */
function appendFrom(page: Page, tab: string, count: number, perAppend: number): Promise<number[]> {
  return page.evaluate(
    async ({ tab, count, perAppend }) => {
      const errors: unknown[] = [];
      const store = await NudgeStorage.openStore('auto', (error) => errors.push(error), { name: 'nk-e2e' });
      if (store.kind !== 'indexeddb' || errors.length > 0) throw new Error(`unexpected store ${store.kind}: ${String(errors[0])}`);
      const calls = [];
      for (let i = 0; i < count; i += perAppend) {
        const records = Array.from({ length: Math.min(perAppend, count - i) }, (_, j) => {
          const event = { type: 'track', event: 'tap', messageId: `${tab}-${i + j}` };
          return { id: event.messageId, bytes: JSON.stringify(event).length, event, attempts: 0 };
        });
        calls.push(store.append(records));
      }
      const added = (await Promise.all(calls)).flat();
      await store.close();
      return added.map((record) => record.seq);
    },
    { tab, count, perAppend },
  );
}

function readQueue(page: Page): Promise<{ ids: string[]; seqs: number[]; size: { count: number; bytes: number } }> {
  return page.evaluate(async () => {
    const store = await NudgeStorage.openStore('auto', () => undefined, { name: 'nk-e2e' });
    const head = await store.head(100_000);
    const size = await store.size();
    await store.close();
    return { ids: head.map((record) => record.id), seqs: head.map((record) => record.seq), size };
  });
}

it('keeps the queue across a page reload', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/');
  await appendFrom(page, 'before-reload', 30, 7);
  await page.reload();
  const queue = await readQueue(page);
  expect(queue.ids).toEqual(Array.from({ length: 30 }, (_, i) => `before-reload-${i}`));
  expect(queue.size.count).toBe(30);
  await context.close();
});

it('gives every event from three tabs appending at once a unique, ordered seq', async () => {
  const context = await browser.newContext();
  const pages = await Promise.all([0, 1, 2].map(() => context.newPage()));
  await Promise.all(pages.map((page) => page.goto(server.origin + '/')));
  const perTab = await Promise.all(pages.map((page, tab) => appendFrom(page, `tab${tab}`, 300, 1 + tab * 4)));
  for (const seqs of perTab) {
    // Each tab's own calls were issued in order; seqs come back in the order of the records.
    expect(new Set(seqs).size).toBe(seqs.length);
  }
  const queue = await readQueue(pages[0]!);
  expect(queue.ids).toHaveLength(900);
  expect(new Set(queue.ids).size).toBe(900);
  expect(queue.seqs).toEqual([...perTab.flat()].sort((a, b) => a - b));
  for (let i = 1; i < queue.seqs.length; i++) expect(queue.seqs[i]).toBeGreaterThan(queue.seqs[i - 1]!);
  expect(queue.size.count).toBe(900);
  // Within one tab, events keep their order in the queue.
  for (const tab of ['tab0', 'tab1', 'tab2']) {
    const order = queue.ids.filter((id) => id.startsWith(tab)).map((id) => Number(id.split('-')[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }
  await context.close();
});
