/**
 * The demo, end to end, in real Chromium: the page from `npm run demo` (IIFE bundle from a
 * script tag, strict CSP), the reference collector on PGlite, and the whole recall story:
 * browse, buy (potential -> new), stay away 20 days (silent), come back (resurrected), see
 * the welcome-back prompt and click it. Then every event the page tracked must be in the
 * collector's database exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { launchBrowser, ROOT, screenshotPath } from './harness';
import { startDemo, type Demo } from '../../examples/demo/start.mjs';

interface PageEvent {
  id: string;
  name: string;
  stage: string;
  anonymousId: string;
}
interface StoredEvent {
  messageId: string;
  type: string;
  event: string | null;
  anonymousId: string | null;
  stage: string | null;
  properties: Record<string, unknown> | null;
}
interface RuleFile {
  rules: Array<{ id: string; nudge: { title: string; primary: { label: string } } }>;
}

const WAIT = { timeout: 20_000 };
const rulesFile = JSON.parse(readFileSync(resolve(ROOT, 'examples/rules/rules.json'), 'utf8')) as RuleFile;
const welcomeBack = rulesFile.rules.find((r) => r.id === 'welcome-back')!;

let demo: Demo;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  demo = await startDemo({ port: 0, collectorPort: 0 });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  // A CSP violation, an uncaught error or a failed request is a bug in the demo or the bundle.
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A reload aborts what is in flight (a batch, the rules): the queue resends it, by design.
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${reason}`);
  });
}, 300_000); // a stale dist/ is rebuilt first (`npm test` builds before, so usually not)

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

/** The stages the page's history panel lists, in order. */
function stageHistory(): Promise<string[]> {
  return page.getByTestId('stage-history').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-stage') ?? ''));
}

/** Every event the page saw through `nk.on('event')`, kept by the demo across reloads. */
function pageEvents(): Promise<PageEvent[]> {
  return page.evaluate(() => (window as unknown as DemoWindow).nudgeDemo.state.events());
}

async function collectorEvents(anonymousId: string): Promise<StoredEvent[]> {
  const response = await fetch(`${demo.collectorUrl}/v1/events?limit=1000&order=asc&anonymousId=${encodeURIComponent(anonymousId)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { events: StoredEvent[] }).events;
}

type DemoWindow = {
  nudgeDemo: {
    nk: { flush(): Promise<void>; stats(): { queued: number }; user(): { anonymousId: string } };
    state: { events(): PageEvent[] };
  };
};

/** Flushes the page's queue and checks that the collector holds each event of this device once. */
async function expectDeliveredOnce(): Promise<{ tracked: PageEvent[]; stored: StoredEvent[] }> {
  await page.evaluate(() => (window as unknown as DemoWindow).nudgeDemo.nk.flush());
  await expect.poll(() => page.evaluate(() => (window as unknown as DemoWindow).nudgeDemo.nk.stats().queued), WAIT).toBe(0);
  const anonymousId = await page.evaluate(() => (window as unknown as DemoWindow).nudgeDemo.nk.user().anonymousId);
  const tracked = (await pageEvents()).filter((e) => e.anonymousId === anonymousId);
  const pageIds = tracked.map((e) => e.id);
  expect(pageIds.length).toBeGreaterThan(0);
  expect(new Set(pageIds).size).toBe(pageIds.length);
  // The collector may receive a batch twice (a beacon on reload, then the queue): it
  // de-duplicates by messageId, so it must hold each page event once and nothing else.
  await expect.poll(async () => (await collectorEvents(anonymousId)).length, WAIT).toBe(pageIds.length);
  const stored = await collectorEvents(anonymousId);
  const storedIds = stored.map((e) => e.messageId);
  expect(new Set(storedIds).size).toBe(storedIds.length);
  expect([...storedIds].sort()).toEqual([...pageIds].sort());
  return { tracked, stored };
}

describe('the demo page', () => {
  it('walks a customer from first visit to welcome back, and the collector stores every event once', async () => {
    await page.goto(demo.url);
    const stage = page.getByTestId('profile-stage');
    await expect.poll(() => stage.textContent(), WAIT).toBe('potential');
    await page.screenshot({ path: screenshotPath('demo-1-first-visit') });

    // Browse and buy: the first conversion makes the customer new.
    await page.getByTestId('view-TOTE-1').click();
    await page.getByTestId('add-TOTE-1').click();
    await page.getByTestId('add-MUG-1').click();
    await expect.poll(() => page.getByTestId('cart-summary').textContent(), WAIT).toBe('2 item(s), €63.00');
    await page.getByTestId('buy').click();
    await expect.poll(() => stage.textContent(), WAIT).toBe('new');
    await expect.poll(() => page.getByTestId('profile-revenue').textContent(), WAIT).toBe('€63.00');
    await page.screenshot({ path: screenshotPath('demo-2-purchased') });

    // Twenty days away: the clock alone makes the customer silent.
    await page.getByTestId('jump-20').click();
    await expect.poll(() => stage.textContent(), WAIT).toBe('silent');
    await expect.poll(() => page.getByTestId('clock-offset').textContent(), WAIT).toBe('+20 days ahead of real time');
    await page.screenshot({ path: screenshotPath('demo-3-twenty-days-later') });

    // Coming back (a reload): resurrected, and the welcome-back prompt opens.
    await page.getByTestId('reload').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.count(), WAIT).toBe(1);
    expect(await dialog.textContent()).toContain(welcomeBack.nudge.title);
    await expect.poll(() => stage.textContent(), WAIT).toBe('resurrected');
    await expect.poll(stageHistory, WAIT).toEqual(['potential', 'new', 'silent', 'resurrected']);
    await expect.poll(() => page.locator('#event-log li[data-event="nudge_shown"]').count(), WAIT).toBeGreaterThanOrEqual(1);
    // The queue drains within a batch interval (1 s) while the prompt is open.
    await expect.poll(() => page.getByTestId('delivery-stats').textContent(), WAIT).toMatch(/^queued 0 · sent [1-9]\d* · retried 0 · failed 0/);
    await page.screenshot({ path: screenshotPath('demo-4-welcome-back') });
    // The README's pictures are taken in demo-newcomer.test.ts.

    // The prompt's primary button: the click is tracked and the prompt closes.
    await dialog.getByRole('button', { name: welcomeBack.nudge.primary.label }).click();
    await expect.poll(() => dialog.count(), WAIT).toBe(0);
    await expect.poll(() => page.locator('#event-log li[data-event="nudge_clicked"]').count(), WAIT).toBe(1);
    await expect.poll(() => page.locator('#nudge-log li[data-rule-id="welcome-back"]').textContent(), WAIT).toContain('clicked primary');

    // Send everything, then compare the page's events with the collector's database.
    const { tracked, stored } = await expectDeliveredOnce();
    await page.screenshot({ path: screenshotPath('demo-5-delivered') });
    const names = tracked.map((e) => e.name);
    for (const name of ['session_start', 'page', 'product_viewed', 'add_to_cart', 'purchase', 'stage_change', 'nudge_shown', 'nudge_clicked']) {
      expect(names).toContain(name);
    }
    // Nothing else reached the database: this is the only device so far.
    const stats = (await (await fetch(`${demo.collectorUrl}/v1/stats`)).json()) as { total: number };
    expect(stats.total).toBe(tracked.length);

    // What the backend sees of the story: the stage changes in order, and the click.
    const changes = stored.filter((e) => e.event === 'stage_change').map((e) => `${e.properties?.from}->${e.properties?.to}`);
    expect(changes).toEqual(['potential->new', 'silent->resurrected']);
    const click = stored.find((e) => e.event === 'nudge_clicked');
    expect(click?.properties).toMatchObject({ ruleId: 'welcome-back', action: 'primary' });
    expect(click?.stage).toBe('resurrected');

    expect(await page.getByTestId('error-log').locator('li').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('resets the device, then shows a customer away 70 days going churned -> resurrected', async () => {
    if (!page.url().startsWith(demo.url)) await page.goto(demo.url); // when run on its own
    const stage = page.getByTestId('profile-stage');
    await expect.poll(() => stage.textContent(), WAIT).not.toBe('…');
    const before = await page.evaluate(() => (window as unknown as DemoWindow).nudgeDemo.nk.user().anonymousId);

    // Reset: forget() erases the device's data and the demo its clock offset and logs.
    await page.getByTestId('reset').click();
    await page.getByTestId('reset-yes').click();
    await expect.poll(() => page.getByTestId('clock-offset').textContent(), WAIT).toBe('real time');
    await expect.poll(() => stage.textContent(), WAIT).toBe('potential');
    await expect.poll(stageHistory, WAIT).toEqual(['potential']);
    expect(await page.getByTestId('profile-revenue').textContent()).toBe('€0.00');
    expect(await page.locator('#nudge-log li').count()).toBe(0);
    const after = await page.evaluate(() => (window as unknown as DemoWindow).nudgeDemo.nk.user().anonymousId);
    expect(after).not.toBe(before);

    await page.getByTestId('add-HAT-1').click();
    await page.getByTestId('buy').click();
    await expect.poll(() => stage.textContent(), WAIT).toBe('new');
    await page.getByTestId('jump-70').click();
    await expect.poll(() => stage.textContent(), WAIT).toBe('churned');
    await page.screenshot({ path: screenshotPath('demo-6-seventy-days-later') });

    await page.getByTestId('reload').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.count(), WAIT).toBe(1);
    await expect.poll(() => stage.textContent(), WAIT).toBe('resurrected');
    await expect.poll(stageHistory, WAIT).toEqual(['potential', 'new', 'churned', 'resurrected']);
    await page.screenshot({ path: screenshotPath('demo-7-back-after-seventy-days') });

    // Escape closes the prompt and is recorded as a dismissal.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count(), WAIT).toBe(0);
    await expect.poll(() => page.locator('#nudge-log li[data-rule-id="welcome-back"]').textContent(), WAIT).toContain('dismissed');

    const { stored } = await expectDeliveredOnce();
    const changes = stored.filter((e) => e.event === 'stage_change').map((e) => `${e.properties?.from}->${e.properties?.to}`);
    expect(changes).toEqual(['potential->new', 'churned->resurrected']);
    expect(stored.some((e) => e.event === 'nudge_dismissed')).toBe(true);
    expect(await page.getByTestId('error-log').locator('li').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('resets, then shows a customer who buys again a week later going new -> active', async () => {
    if (!page.url().startsWith(demo.url)) await page.goto(demo.url); // when run on its own
    const stage = page.getByTestId('profile-stage');
    await expect.poll(() => stage.textContent(), WAIT).not.toBe('…');
    await page.getByTestId('reset').click();
    await page.getByTestId('reset-yes').click();
    await expect.poll(() => page.getByTestId('clock-offset').textContent(), WAIT).toBe('real time');
    await expect.poll(stageHistory, WAIT).toEqual(['potential']);

    // The first order makes a new customer.
    await page.getByTestId('add-MUG-1').click();
    await page.getByTestId('buy').click();
    await expect.poll(() => stage.textContent(), WAIT).toBe('new');

    // A week later: a short gap, so no comeback; still new (the first order is 7 days old).
    await page.getByTestId('jump-7').click();
    await expect.poll(() => page.getByTestId('clock-offset').textContent(), WAIT).toBe('+7 days ahead of real time');
    await page.getByTestId('add-HAT-1').click();
    await page.getByTestId('buy').click();
    await expect.poll(() => page.getByTestId('profile-conversions').textContent(), WAIT).toBe('2, first 7 days ago');
    expect(await stage.textContent()).toBe('new');

    // Another week: the first order is 14 days old and the last visit a week ago, so active.
    await page.getByTestId('jump-7').click();
    await expect.poll(() => stage.textContent(), WAIT).toBe('active');
    await page.getByTestId('view-TOTE-1').click();
    await expect.poll(() => page.locator('#event-log li[data-event="product_viewed"]').count(), WAIT).toBe(1);
    expect(await stage.textContent()).toBe('active');
    await expect.poll(stageHistory, WAIT).toEqual(['potential', 'new', 'active']);
    await page.screenshot({ path: screenshotPath('demo-8-active-after-two-weeks') });
    expect(await page.getByRole('dialog').count()).toBe(0);

    // The backend sees each event in the stage it happened in. new -> active came with time
    // alone; the first event after it (the new session's start) announces it.
    const { stored } = await expectDeliveredOnce();
    const stages = (name: string) => stored.filter((e) => e.event === name).map((e) => e.stage);
    expect(stored.filter((e) => e.event === 'stage_change').map((e) => `${e.properties?.from}->${e.properties?.to}`)).toEqual(['potential->new', 'new->active']);
    expect(stages('purchase')).toEqual(['new', 'new']);
    expect(stages('product_viewed')).toEqual(['active']);
    expect(await page.getByTestId('error-log').locator('li').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    // axe is injected as a script, which the demo's CSP forbids: a separate context bypasses it.
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 860 } });
    try {
      const axePage = await axeContext.newPage();
      await axePage.goto(demo.url);
      await expect.poll(() => axePage.getByTestId('profile-stage').textContent(), WAIT).toBe('potential');
      await axePage.addScriptTag({ path: resolve(ROOT, 'node_modules/axe-core/axe.min.js') });
      const violations = await axePage.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
        const result = await axe.run(document);
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    } finally {
      await axeContext.close();
    }
  });
});
