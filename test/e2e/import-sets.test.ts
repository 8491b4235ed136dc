/**
 * Pay for what you use, in a real browser: the apps `npm run size` measures, bundled from the
 * packed package (ES modules: the entry, and the chunks the client loads at start-up), and the script-tag files, run in Chromium under a strict CSP against the
 * reference collector. The "everything" app fires its rule and shows its dialog; every app's
 * events reach the collector, with the lifecycle stage exactly when lifecycle() is in.
 * Needs dist/ (`npm run build`, which `npm test` runs first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright';
import { apps, buildApps } from '../../scripts/pack-apps.mjs';
import { distParts, htmlPage, launchBrowser, ROOT, screenshotPath, serveFiles, type StaticFiles, type TestServer } from './harness';

const { startCollector } = (await import(new URL('../../examples/collector/server.mjs', import.meta.url).href)) as {
  startCollector(options: { writeKey: string; dataDir: string }): Promise<{ url: string; endpoint: string; close(): Promise<void> }>;
};
interface StoredEvent {
  type: string;
  event: string | null;
  anonymousId: string | null;
  stage: string | null;
  context: { lifecycle?: { stage: string; tier: string } };
}

const WAIT = { timeout: 20_000 };
const CSP = "default-src 'self'; connect-src 'self' http://127.0.0.1:*";
const temp = mkdtempSync(join(tmpdir(), 'nudgekit-import-sets-'));
let collector: Awaited<ReturnType<typeof startCollector>>;
let server: TestServer;
let browser: Browser;
const problems: string[] = [];

/** The script-tag way: the core file, then add-ons that extend window.NudgeKit, then the page's own script. */
const ADD_ONS_PAGE_SCRIPT = `
const nk = NudgeKit.createNudgeKit({
  endpoint: new URLSearchParams(location.search).get('endpoint'),
  writeKey: 'demo-write-key',
  features: [
    NudgeKit.lifecycle(),
    NudgeKit.targeting({ rules: [NudgeKit.rule('hello').on({ event: 'go' }).show({ type: 'toast', body: 'Hello from the add-ons' })], renderer: NudgeKit.domRenderer() }),
  ],
});
nk.track('go');
window.nk = nk;`;

beforeAll(async () => {
  if (!existsSync(resolve(ROOT, 'dist/nudgekit.core.iife.min.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  collector = await startCollector({ writeKey: 'k', dataDir: join(temp, 'db') });
  const built = await buildApps(apps(collector.endpoint));
  const dist = (file: string) => readFileSync(resolve(ROOT, 'dist', file));
  const files: StaticFiles = {
    '/page/addons.js': ['text/javascript', ADD_ONS_PAGE_SCRIPT.replace("'demo-write-key'", "'k'")],
    '/addons/': ['text/html', htmlPage(['/dist/nudgekit.core.iife.min.js', '/dist/nudgekit.lifecycle.iife.min.js', '/dist/nudgekit.rules.iife.min.js', '/dist/nudgekit.dom.iife.min.js', '/page/addons.js'])],
    '/dist/nudgekit.core.iife.min.js': ['text/javascript', dist('nudgekit.core.iife.min.js')],
    '/dist/nudgekit.lifecycle.iife.min.js': ['text/javascript', dist('nudgekit.lifecycle.iife.min.js')],
    '/dist/nudgekit.rules.iife.min.js': ['text/javascript', dist('nudgekit.rules.iife.min.js')],
    '/dist/nudgekit.dom.iife.min.js': ['text/javascript', dist('nudgekit.dom.iife.min.js')],
    '/dist/nudgekit.iife.min.js': ['text/javascript', dist('nudgekit.iife.min.js')],
    '/dist/nudgekit.validate.iife.min.js': ['text/javascript', dist('nudgekit.validate.iife.min.js')],
    '/all-in-one/': ['text/html', htmlPage(['/dist/nudgekit.iife.min.js'])],
    '/validate/': ['text/html', htmlPage(['/dist/nudgekit.iife.min.js', '/dist/nudgekit.validate.iife.min.js'])],
    // What the scripts load from beside their own URL (storage and delivery at start-up).
    ...distParts('/dist/'),
    '/favicon.ico': ['image/x-icon', ''],
  };
  // Each app as its bundler made it: an ES module entry, and the chunks it imports on demand beside it.
  for (const [name, { entry, files: appFiles }] of Object.entries(built)) {
    for (const [file, code] of Object.entries(appFiles)) files[`/apps/${name}/${file}`] = ['text/javascript', code];
    files[`/${name}/`] = ['text/html', htmlPage([]).replace('</body>', `<script type="module" src="/apps/${name}/${entry}"></script></body>`)];
  }
  server = await serveFiles(files, CSP);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await collector?.close();
  rmSync(temp, { recursive: true, force: true });
});

async function open(path: string, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${path}: ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${path}: pageerror: ${error.message}`));
  await page.goto(`${server.origin}${path}`);
  return page;
}

/** Flushes the page's client, then reads what the collector stored for its device. */
async function delivered(page: Page): Promise<StoredEvent[]> {
  const anonymousId = await page.evaluate(async () => {
    const nk = (window as unknown as { nk: { flush(): Promise<void>; user(): { anonymousId: string } } }).nk;
    await nk.flush();
    return nk.user().anonymousId;
  });
  const response = await fetch(`${collector.url}/v1/events?limit=100&order=asc&anonymousId=${encodeURIComponent(anonymousId)}`);
  return ((await response.json()) as { events: StoredEvent[] }).events;
}
const names = (events: StoredEvent[]) => events.map((e) => (e.type === 'track' ? e.event : e.type));

describe('import sets in Chromium', () => {
  it('"everything": the rule fires, the dialog shows, and its events reach the collector with the lifecycle stage', async () => {
    for (const width of [1280, 390]) {
      const page = await open('/everything/', width);
      const dialog = page.getByRole('dialog', { name: 'Hi' });
      await expect.poll(() => dialog.count(), WAIT).toBe(1);
      await expect.poll(() => dialog.getByText('Text').isVisible(), WAIT).toBe(true);
      await page.screenshot({ path: screenshotPath(`import-sets-everything-${width}`) });
      const events = await delivered(page);
      expect(names(events)).toEqual(expect.arrayContaining(['session_start', 'go', 'nudge_shown']));
      const go = events.find((e) => e.event === 'go')!;
      expect(go.stage).toBe('potential');
      expect(go.context.lifecycle).toEqual({ stage: 'potential', tier: 'low' });
      await page.close();
    }
  });

  it('"tracking only": events reach the collector, with no lifecycle, no rules, no DOM', async () => {
    const page = await open('/track/');
    const events = await delivered(page);
    expect(names(events)).toEqual(['session_start', 'go']);
    for (const event of events) expect(event.context.lifecycle).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { nk: { profile(): unknown } }).nk.profile())).toBeUndefined();
    expect(await page.locator('body > :not(main):not(script)').count()).toBe(0);
    await page.close();
  });

  it('"lifecycle": the profile is kept and events carry the stage, with no rules', async () => {
    const page = await open('/lifecycle/');
    const events = await delivered(page);
    expect(events.find((e) => e.event === 'go')?.context.lifecycle).toEqual({ stage: 'potential', tier: 'low' });
    expect(await page.evaluate(() => (window as unknown as { nk: { profile(): { stage: string } } }).nk.profile().stage)).toBe('potential');
    await page.close();
  });

  it('script tags: the core file plus add-on files build one window.NudgeKit that tracks, targets and renders under a strict CSP', async () => {
    const page = await open(`/addons/?endpoint=${encodeURIComponent(collector.endpoint)}`);
    await expect.poll(() => page.getByText('Hello from the add-ons').count(), WAIT).toBe(1);
    await page.screenshot({ path: screenshotPath('import-sets-addons') });
    const events = await delivered(page);
    expect(names(events)).toEqual(expect.arrayContaining(['session_start', 'go', 'nudge_shown']));
    expect(events.find((e) => e.event === 'go')?.context.lifecycle?.stage).toBe('potential');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('script tags: loadRules() in the all-in-one file loads the validator as a part; validateRules() comes with the validate add-on', async () => {
    const loaded = async (page: Page) =>
      page.evaluate(async (endpoint) => {
        type Kit = Record<string, (...args: unknown[]) => unknown>;
        const kit = (window as unknown as { NudgeKit: Kit }).NudgeKit;
        const codes: string[] = [];
        const nk = kit.createNudgeKit!({ endpoint, writeKey: 'k', features: [kit.targeting!({})], onError: (error: { code: string }) => codes.push(error.code) });
        const result = (await kit.loadRules!(nk, [{ id: 'ok', trigger: { event: 'go' }, nudge: { type: 'toast', body: 'Hi' } }, { id: 'bad', trigger: { event: 'go' }, when: { stage: 'slient' }, nudge: { type: 'toast', body: 'Hi' } }])) as { ok: boolean; rules: { id: string }[]; issues: { path: string }[] };
        return { ok: result.ok, rules: result.rules.map((r) => r.id), issues: result.issues.map((i) => i.path), codes, validateRules: typeof kit.validateRules };
      }, collector.endpoint);
    const allInOne = await open('/all-in-one/');
    expect(await loaded(allInOne)).toEqual({ ok: true, rules: ['ok'], issues: ['rules[1].when.stage'], codes: ['invalid_rule'], validateRules: 'undefined' });
    await allInOne.close();
    const withAddOn = await open('/validate/');
    expect((await loaded(withAddOn)).validateRules).toBe('function');
    const issues = await withAddOn.evaluate(() => {
      const kit = (window as unknown as { NudgeKit: { validateRules(rules: unknown[]): { issues: { path: string }[] } } }).NudgeKit;
      return kit.validateRules([{ id: 'x', trigger: { event: 'go' }, nudge: { type: 'popup', body: 'Hi' } }]).issues.map((i) => i.path);
    });
    expect(issues).toEqual(['rules[0].nudge.type']);
    await withAddOn.close();
    expect(problems).toEqual([]);
  });
});
