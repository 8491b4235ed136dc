import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright';
import { bundle, htmlPage, launchBrowser, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  const script = await bundle('src/core/clock.ts', 'Clock');
  server = await startServer((request) => {
    if (request.url === '/') return { headers: { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" }, body: htmlPage(['/clock.js']) };
    if (request.url === '/clock.js') return { headers: { 'content-type': 'text/javascript' }, body: script };
    return undefined;
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('serves a bundled entry to real Chromium under a strict CSP', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/');
  const day = await page.evaluate(() => (window as unknown as { Clock: { DAY_MS: number } }).Clock.DAY_MS);
  expect(day).toBe(86_400_000);
});
