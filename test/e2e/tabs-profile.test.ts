/**
 * Two real Chromium tabs on one origin share the IndexedDB store: each tab's profile
 * counts the other's events, they share one session, and what is saved after a reload
 * holds everything (without tab sync the last tab to save would overwrite the other).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { bundle, htmlPage, launchBrowser, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  const script = await bundle('test/e2e/fixtures/tabs-page.ts', 'TabsPage');
  server = await startServer((request) => {
    if (request.url === '/') return { headers: { 'content-type': 'text/html' }, body: htmlPage(['/app.js']) };
    if (request.url === '/app.js') return { headers: { 'content-type': 'text/javascript' }, body: script };
    return undefined;
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Counts = { viewed: number; sessions: number; sessionIds: string[]; errors: string[] };

function counts(page: Page): Promise<Counts> {
  return page.evaluate(async () => {
    const w = window as unknown as { nk: import('../../src/index').NudgeKit; errors: string[]; seen?: string[] };
    await w.nk.ready();
    const profile = w.nk.profile()!;
    return { viewed: profile.events.viewed?.count ?? 0, sessions: profile.sessions.count, sessionIds: w.seen ?? [], errors: w.errors };
  });
}

async function track(page: Page, times: number): Promise<void> {
  await page.evaluate(async (n) => {
    const w = window as unknown as { nk: import('../../src/index').NudgeKit; seen?: string[] };
    await w.nk.ready();
    w.seen ??= [];
    const seen = w.seen;
    const stop = w.nk.on('event', (e) => seen.push(e.context.session.id));
    for (let i = 0; i < n; i++) w.nk.track('viewed');
    await w.nk.flush();
    stop();
  }, times);
}

it('keeps the profiles of two tabs in step and saves all of it', async () => {
  const context = await browser.newContext();
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto(server.origin + '/');
  await b.goto(server.origin + '/');

  await track(a, 3);
  await expect.poll(async () => (await counts(b)).viewed).toBe(3);
  await track(b, 2);
  await expect.poll(async () => (await counts(a)).viewed).toBe(5);

  const [ca, cb] = await Promise.all([counts(a), counts(b)]);
  expect(ca.sessions).toBe(1);
  expect(cb.sessions).toBe(1);
  expect(new Set([...ca.sessionIds, ...cb.sessionIds]).size).toBe(1);
  expect([...ca.errors, ...cb.errors]).toEqual([]);

  // Let both save, close one tab, reload the other: the saved profile holds all five.
  await a.waitForTimeout(100);
  await b.close();
  await a.reload();
  await expect.poll(async () => (await counts(a)).viewed).toBe(5);
  await context.close();
});
