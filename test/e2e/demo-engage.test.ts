/**
 * Engagement and experiments in the demo (issues 13 and 14), in real Chromium under the demo's
 * CSP: the first-purchase checklist (NudgeKit's launcher at 1280 px, drawn in the flow at
 * 390 px), points and the level badge in the header, the NPS survey after the second order,
 * and the "Simulate 300 customers" button, which runs the population simulator in the demo
 * server against its collector and links to the dashboard. Nothing covers the header or the
 * controls at 390 px; axe finds nothing serious.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright';
import { launchBrowser, ROOT, screenshotPath } from './harness';
import { startDemo, type Demo } from '../../examples/demo/start.mjs';

const WAIT = { timeout: 20_000 };
const NPS = 'How likely are you to recommend us to a friend?'; // examples/rules/rules.json, nps-after-second-order
let demo: Demo;
let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  demo = await startDemo({ port: 0, collectorPort: 0 });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function open(width: number, height: number, bypassCSP = false): Promise<Page> {
  // For axe: no CSP (it is injected as a script) and no fade-in, so it measures the final colours.
  const context = await browser.newContext({ viewport: { width, height }, ...(bypassCSP && { bypassCSP, reducedMotion: 'reduce' as const }) });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(demo.url);
  await expect.poll(() => page.getByTestId('profile-stage').textContent(), WAIT).toBe('potential');
  return page;
}

async function buy(page: Page, sku: string, orders: number): Promise<void> {
  await page.getByTestId(`add-${sku}`).click();
  await page.getByTestId('buy').click();
  await expect.poll(() => page.getByTestId('profile-conversions').textContent(), WAIT).toMatch(new RegExp(`^${orders}(,|$)`));
}

/** Test ids whose centre is covered by something else (elementFromPoint), among those on screen. */
function coveredAmong(page: Page, testIds: string[]): Promise<string[]> {
  return page.evaluate((ids) => {
    const covered: string[] = [];
    for (const id of ids) {
      const element = document.querySelector(`[data-testid="${id}"]`)!;
      const r = element.getBoundingClientRect();
      if (r.bottom < 0 || r.top > innerHeight) continue;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, innerHeight - r.top - 1));
      if (!hit || !(element === hit || element.contains(hit))) covered.push(id);
    }
    return covered;
  }, testIds);
}

async function reset(page: Page): Promise<void> {
  await page.getByTestId('reset').click();
  await page.getByTestId('reset-yes').click();
  await expect.poll(() => page.getByTestId('clock-offset').textContent(), WAIT).toBe('real time');
  await page.context().close();
}

describe('the demo shows engagement', () => {
  it('at 1280 px: the checklist launcher for a new visitor, points and level in the header, the NPS survey after the second order', async () => {
    const page = await open(1280, 860);
    // The checklist: NudgeKit's launcher in the corner; its steps complete themselves.
    const launcher = page.getByRole('button', { name: /^Your first order/ });
    await expect.poll(() => launcher.count(), WAIT).toBe(1);
    expect(await launcher.textContent()).toContain('0 of 3 done');
    expect(await page.getByTestId('rewards-level').textContent()).toBe('Bronze');
    expect(await page.getByTestId('rewards-points').textContent()).toBe('0');
    await page.getByTestId('view-MUG-1').click();
    await expect.poll(() => launcher.textContent(), WAIT).toContain('1 of 3 done');
    await launcher.click();
    await expect.poll(() => page.getByText('Look at a product').count(), WAIT).toBe(1);
    await page.getByTestId('add-MUG-1').click();
    await expect.poll(() => launcher.textContent(), WAIT).toContain('2 of 3 done');
    await page.screenshot({ path: screenshotPath('demo-engage-checklist-1280') });
    // Five points for the cart, fifty for the order: 55, still Bronze; the first-order badge.
    await page.getByTestId('buy').click();
    await expect.poll(() => page.getByTestId('rewards-points').textContent(), WAIT).toBe('55');
    expect(await page.getByTestId('rewards-badges').textContent()).toBe('First order');
    // The order completes the checklist, which then goes away.
    await expect.poll(() => launcher.count(), WAIT).toBe(0);
    expect(await page.locator('#event-log li[data-event="checklist_completed"]').count()).toBe(1);

    // The second order: 110 points make Silver, and the NPS question appears.
    await buy(page, 'HAT-1', 2);
    await expect.poll(() => page.getByTestId('rewards-points').textContent(), WAIT).toBe('110');
    expect(await page.getByTestId('rewards-level').textContent()).toBe('Silver');
    expect(await page.getByTestId('rewards-next').textContent()).toBe('190 to Gold');
    const survey = page.getByRole('form', { name: 'A quick question' });
    await expect.poll(() => survey.count(), WAIT).toBe(1);
    expect(await survey.getByRole('radio').count()).toBe(11);
    expect(await survey.textContent()).toContain(NPS);
    await page.screenshot({ path: screenshotPath('demo-engage-survey-1280') });
    // Closed without an answer: recorded as dismissed.
    await survey.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => survey.count(), WAIT).toBe(0);
    await expect.poll(() => page.locator('#event-log li[data-event="survey_dismissed"]').count(), WAIT).toBe(1);
    expect(await page.locator('#event-log li[data-event="level_changed"]').count()).toBe(1);
    expect(await page.getByTestId('error-log').locator('li').count()).toBe(0);
    await reset(page);
    expect(problems).toEqual([]);
  });

  it('at 390 px: the checklist sits in the flow, and neither it nor the survey covers the header or a control', async () => {
    const page = await open(390, 844);
    const inline = page.getByTestId('onboarding');
    await expect.poll(() => inline.isVisible(), WAIT).toBe(true);
    // No corner launcher on a phone.
    expect(await page.getByRole('button', { name: /^Your first order/ }).count()).toBe(0);
    await page.getByTestId('view-TOTE-1').click();
    await expect.poll(() => page.locator('[data-testid="onboarding-steps"] li[data-step="browse"]').getAttribute('data-done'), WAIT).toBe('true');
    expect(await page.getByTestId('onboarding-progress').textContent()).toBe('1 of 3 done');
    await page.screenshot({ path: screenshotPath('demo-engage-checklist-390') });

    await buy(page, 'TOTE-1', 1);
    await buy(page, 'MUG-1', 2);
    const survey = page.getByRole('form', { name: 'A quick question' });
    await expect.poll(() => survey.count(), WAIT).toBe(1);
    expect(await page.getByTestId('rewards-level').textContent()).toBe('Silver');
    // No horizontal scrolling, and the survey is in the flow above the header: it covers nothing.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const controls = ['rewards', 'clock-panel', 'buy', 'add-MUG-1', 'view-MUG-1', 'jump-7', 'jump-20', 'jump-70', 'reload', 'identify', 'flush', 'reset', 'simulate'];
    for (const id of controls) {
      await page.getByTestId(id).scrollIntoViewIfNeeded();
      expect(await coveredAmong(page, [id]), id).toEqual([]);
    }
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('demo-engage-survey-390') });
    await survey.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => survey.count(), WAIT).toBe(0);
    await reset(page);
    expect(problems).toEqual([]);
  });

  it('"Simulate 300 customers" runs the simulator against the demo collector, once at a time, and links to the dashboard', async () => {
    const page = await open(1280, 860);
    await page.getByTestId('simulate').click();
    const status = page.getByTestId('simulate-status');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    // While it runs, a second run is refused.
    await expect.poll(() => page.getByTestId('simulate').isDisabled(), WAIT).toBe(true);
    const second = await fetch(`${demo.url}simulate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(second.status).toBe(409);
    await expect.poll(() => status.textContent(), { timeout: 90_000 }).toMatch(/^Done: 300 customers, \d+ events in [\d.]+ s\. a: \d+ exposed/);
    const link = page.getByTestId('dashboard-link');
    expect(await link.isVisible()).toBe(true);
    expect(await link.getAttribute('href')).toBe(`${demo.collectorUrl}/`);
    // The collector now holds the experiment the simulator filled.
    const experiments = (await (await fetch(`${demo.collectorUrl}/v1/experiments`)).json()) as { experiments: Array<{ arms: Array<{ id: string; exposed: number }> }> };
    const exposed = experiments.experiments.flatMap((e) => e.arms).reduce((sum, arm) => sum + arm.exposed, 0);
    expect(exposed).toBeGreaterThan(200);
    await page.screenshot({ path: screenshotPath('demo-engage-simulated-1280') });
    // A cross-site form post (no JSON content type) is refused.
    expect((await fetch(`${demo.url}simulate`, { method: 'POST', body: 'x=1' })).status).toBe(415);
    await page.context().close();
    expect(problems).toEqual([]);
  }, 120_000);

  it('has no serious or critical accessibility violations with the checklist open, then with the survey shown (axe-core)', async () => {
    // axe is injected as a script, which the demo's CSP forbids: this context bypasses it.
    const page = await open(1280, 860, true);
    await page.addScriptTag({ path: resolve(ROOT, 'node_modules/axe-core/axe.min.js') });
    const serious = async () => {
      return page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
        const result = await axe.run(document);
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, nodes: (v.nodes as Array<{ target: unknown }>).map((n) => JSON.stringify(n.target)) }));
      });
    };
    await page.getByTestId('view-MUG-1').click();
    await page.getByRole('button', { name: /^Your first order/ }).click();
    await expect.poll(() => page.getByText('Look at a product').isVisible(), WAIT).toBe(true);
    expect(await serious()).toEqual([]);
    await buy(page, 'MUG-1', 1);
    await buy(page, 'HAT-1', 2);
    await expect.poll(() => page.getByRole('form', { name: 'A quick question' }).count(), WAIT).toBe(1);
    // By now the event log scrolls: it must be reachable from the keyboard.
    expect(await serious()).toEqual([]);
    await reset(page);
  });
});
