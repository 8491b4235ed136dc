/**
 * The page's edges (issue #12) in real Chromium: a redirect is never a delivery (fetch with
 * redirect: 'manual' hands the page an opaque redirect, status 0), and a tiny storage quota is
 * reported as storage_quota. A real HTTP server on 127.0.0.1; a fresh browser context per test,
 * so the quota override meets an origin with no data.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { bundle, htmlPage, launchBrowser, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;
type Log = { reports: { code: string; message: string; details: Record<string, unknown>; cause?: string }[]; unhandled: string[] };

beforeAll(async () => {
  const script = await bundle('test/e2e/fixtures/edges-page.ts', 'Edges');
  server = await startServer(async (request) => {
    if (request.url === '/') return { headers: { 'content-type': 'text/html' }, body: htmlPage(['/edges.js']) };
    if (request.url === '/edges.js') return { headers: { 'content-type': 'text/javascript' }, body: script };
    const redirect = /^\/redirect\/(\d+)$/.exec(request.url);
    if (redirect) return { status: Number(redirect[1]), headers: { location: '/moved' } };
    if (request.url === '/moved') return { status: 200 };
    return undefined;
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function freshPage(): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}/`);
  return page;
}

it('keeps the events and reports delivery_redirected on 301, 302, 303, 307 and 308 in Chromium', async () => {
  for (const status of [301, 302, 303, 307, 308]) {
    const page = await freshPage();
    const before = server.requests.filter((r) => r.url === '/moved').length;
    const stats = await page.evaluate(`window.Edges.send('/redirect/${status}', 3)`);
    const log = (await page.evaluate('window.Edges.log()')) as Log;
    // The browser does not show which redirect it was, so none is followed: nothing reached /moved.
    expect(server.requests.filter((r) => r.url === '/moved').length - before).toBe(0);
    expect(stats).toEqual({ queued: 3, sent: 0 });
    expect(log.reports.map((r) => [r.code, r.details.status, r.details.count])).toEqual([['delivery_redirected', 0, 3]]);
    expect(log.reports[0]!.message).toContain('redirect the browser does not show');
    expect(log.unhandled).toEqual([]);
    await page.context().close();
  }
});

it('reports a tiny quota as storage_quota (not storage_unavailable) and uses memory, with no unhandled rejection', async () => {
  const page = await freshPage();
  const session = await page.context().newCDPSession(page);
  await session.send('Storage.overrideQuotaForOrigin', { origin: server.origin, quotaSize: 1 });
  const kind = await page.evaluate(`window.Edges.open('nk-quota')`);
  await page.waitForTimeout(100);
  const log = (await page.evaluate('window.Edges.log()')) as Log;
  expect(kind).toBe('memory');
  expect(log.reports.map((r) => [r.code, r.details.fallback, r.cause])).toEqual([['storage_quota', 'memory', 'QuotaExceededError']]);
  expect(log.reports[0]!.message).toMatch(/IndexedDB is full/);
  expect(log.unhandled).toEqual([]);
  await page.context().close();
});
