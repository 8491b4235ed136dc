/**
 * The small browser examples, run as a reader would run them, in real Chromium against the
 * reference collector: examples/html (the core IIFE and its add-on files from script tags) and examples/esm (bundled
 * from `import ... from 'nudgekit'`, here with Rolldown). Both pages are served under a strict CSP.
 * Needs dist/ (`npm run build`, which `npm test` runs first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright';
import { rolldown } from 'rolldown';
import { launchBrowser, ROOT, screenshotPath, serveFiles, type StaticFiles, type TestServer } from './harness';

// The collector is plain JavaScript (JSDoc types); loaded by URL, typed here by what we use.
const { startCollector } = (await import(new URL('../../examples/collector/server.mjs', import.meta.url).href)) as {
  startCollector(options: { writeKey: string; dataDir: string }): Promise<Collector>;
};

interface Collector {
  url: string;
  endpoint: string;
  close(): Promise<void>;
}
interface StoredEvent {
  messageId: string;
  type: string;
  event: string | null;
  anonymousId: string | null;
}

const WAIT = { timeout: 20_000 };
const CSP = "default-src 'self'; connect-src 'self' http://127.0.0.1:*";
const WRITE_KEY = 'demo-write-key'; // the examples' default, the collector CLI's default
const temp = mkdtempSync(join(tmpdir(), 'nudgekit-examples-'));

let collector: Collector;
let server: TestServer;
let browser: Browser;
let htmlDevice: string | null = null;
const problems: string[] = [];

/**
 * Bundles the ESM example as a bundler would, with Vite's `import.meta.env` pointing at our
 * collector: the entry (`main.js`, as index.html names it) and the chunks NudgeKit loads on
 * demand, served beside it.
 */
async function bundleEsmExample(endpoint: string): Promise<Record<string, string>> {
  const build = await rolldown({
    input: resolve(ROOT, 'examples/esm/main.js'),
    platform: 'browser',
    logLevel: 'silent',
    transform: { define: { 'import.meta.env': JSON.stringify({ VITE_NUDGEKIT_ENDPOINT: endpoint }) } },
  });
  const { output } = await build.generate({ format: 'esm', entryFileNames: 'main.js' });
  await build.close();
  return Object.fromEntries(output.flatMap((file) => (file.type === 'chunk' ? [[file.fileName, file.code]] : [])));
}

beforeAll(async () => {
  if (!existsSync(resolve(ROOT, 'dist/nudgekit.iife.min.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  collector = await startCollector({ writeKey: WRITE_KEY, dataDir: join(temp, 'db') });
  const esmBundle = await bundleEsmExample(collector.endpoint);
  const files: StaticFiles = {
    '/examples/html/': ['text/html', readFileSync(resolve(ROOT, 'examples/html/index.html'))],
    '/examples/html/app.js': ['text/javascript', readFileSync(resolve(ROOT, 'examples/html/app.js'))],
    // The html example loads the core file plus the add-ons it uses.
    ...Object.fromEntries(
      ['core', 'lifecycle', 'rules', 'dom'].map((name) => [
        `/dist/nudgekit.${name}.iife.min.js`,
        ['text/javascript', readFileSync(resolve(ROOT, `dist/nudgekit.${name}.iife.min.js`))] as [string, Buffer],
      ]),
    ),
    '/examples/esm/': ['text/html', readFileSync(resolve(ROOT, 'examples/esm/index.html'))],
    ...Object.fromEntries(Object.entries(esmBundle).map(([file, code]) => [`/examples/esm/${file}`, ['text/javascript', code] as [string, string]])),
    '/favicon.ico': ['image/x-icon', ''],
  };
  server = await serveFiles(files, CSP);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await collector?.close();
  rmSync(temp, { recursive: true, force: true });
});

async function openPage(path: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${path}: console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${path}: pageerror: ${error.message}`));
  await page.goto(`${server.origin}${path}`);
  return page;
}

async function eventsOf(event: string): Promise<StoredEvent[]> {
  const response = await fetch(`${collector.url}/v1/events?limit=1000&order=asc&event=${event}`);
  return ((await response.json()) as { events: StoredEvent[] }).events;
}

async function eventsOfDevice(anonymousId: string): Promise<StoredEvent[]> {
  const response = await fetch(`${collector.url}/v1/events?limit=1000&order=asc&anonymousId=${encodeURIComponent(anonymousId)}`);
  return ((await response.json()) as { events: StoredEvent[] }).events;
}

const nameOf = (e: StoredEvent) => (e.type === 'track' ? e.event : e.type);

describe('the small browser examples', () => {
  it('examples/html: the script tag tracks, shows the builder rule\'s toast and delivers every event', async () => {
    const page = await openPage(`/examples/html/?endpoint=${encodeURIComponent(collector.endpoint)}`);
    await page.locator('#signup').click();
    await expect.poll(() => page.getByText('Welcome aboard').count(), WAIT).toBe(1);
    await page.locator('#buy').click();
    await expect.poll(() => page.locator('#status').textContent(), WAIT).toBe('Lifecycle stage: potential → new');
    await page.screenshot({ path: screenshotPath('demo-examples-html') });
    await page.locator('#flush').click();
    await expect.poll(() => page.locator('#status').textContent(), WAIT).toMatch(/^Sent \d+ event\(s\); 0 waiting\.$/);

    const [signup] = await eventsOf('signup');
    expect(signup?.anonymousId).toBeTruthy();
    htmlDevice = signup!.anonymousId;
    const names = (await eventsOfDevice(signup!.anonymousId!)).map(nameOf);
    expect(names).toEqual(expect.arrayContaining(['session_start', 'page', 'signup', 'nudge_shown', 'purchase', 'stage_change']));
    await page.close();
  });

  it('examples/esm: the bundled app tracks a purchase, reads the profile and delivers on its own', async () => {
    const page = await openPage('/examples/esm/');
    await page.locator('#buy').click();
    await page.locator('#profile').click();
    await expect.poll(() => page.locator('#out').textContent(), WAIT).toBe('stage new, tier low, 1 purchase(s)');
    await page.screenshot({ path: screenshotPath('demo-examples-esm') });

    // No flush call in this example: the batch interval (5 s by default) sends it.
    const esmPurchase = async () => (await eventsOf('purchase')).find((e) => e.anonymousId !== null && e.anonymousId !== htmlDevice);
    await expect.poll(esmPurchase, { timeout: 30_000 }).toBeTruthy();
    const purchase = (await esmPurchase())!;
    const names = (await eventsOfDevice(purchase.anonymousId!)).map(nameOf);
    expect(names).toEqual(expect.arrayContaining(['session_start', 'page', 'purchase', 'stage_change']));
    await page.close();
    expect(problems).toEqual([]);
  });
});
