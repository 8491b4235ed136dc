/**
 * Engagement in real Chromium under `Content-Security-Policy: default-src 'self'`, with the
 * real client on IndexedDB delivering to a real HTTP server on 127.0.0.1: an NPS survey shown
 * by a rule and answered with the keyboard alone, axe on the survey, the checklist launcher and
 * its open panel, checklist progress across a reload and a second tab, and
 * `checklist_completed` sent once. Screenshots: test-results/screenshots/engage-*.png.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright';
import { bundle, htmlPage, launchBrowser, ROOT, screenshotPath, startServer, type TestServer } from './harness';
import { axeViolations } from './fixtures/dom-session';

let browser: Browser;
let server: TestServer;
/** Every event that reached the collector, in arrival order. */
const received: Array<{ event?: string; type: string; properties?: Record<string, unknown>; anonymousId: string }> = [];

const SHOP = '<h1>Shop</h1><p><button id="view" type="button">View item</button> <button id="cart" type="button">Add to cart</button> <button id="buy" type="button">Place order</button></p>';

beforeAll(async () => {
  const script = await bundle('test/e2e/fixtures/engage-page.ts', 'EngagePage');
  const axe = readFileSync(resolve(ROOT, 'node_modules/axe-core/axe.min.js'));
  server = await startServer((request) => {
    const path = request.url.split('?')[0];
    const csp = { 'content-security-policy': "default-src 'self'" };
    if (path === '/') return { headers: { 'content-type': 'text/html', ...csp }, body: htmlPage(['/app.js'], SHOP) };
    if (path === '/app.js') return { headers: { 'content-type': 'text/javascript' }, body: script };
    if (path === '/axe.js') return { headers: { 'content-type': 'text/javascript' }, body: axe };
    if (path === '/v1/batch' && request.method === 'POST') {
      received.push(...(JSON.parse(request.body.toString('utf8')) as { batch: typeof received }).batch);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
    }
    return undefined;
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const named = (name: string, anonymousId?: string) => received.filter((e) => e.event === name && (!anonymousId || e.anonymousId === anonymousId));
const anonymousIdOf = (page: Page) => page.evaluate(async () => {
  const nk = (window as unknown as { nk: import('../../src/index').NudgeKit }).nk;
  await nk.ready();
  return nk.user().anonymousId;
});
const pageState = (page: Page) => page.evaluate(() => {
  const w = window as unknown as { errors: string[]; violations: string[]; onboarding: { getState(): { done: number; completed: boolean } } };
  return { errors: w.errors, violations: w.violations, checklist: w.onboarding.getState() };
});

async function openShop(context: BrowserContext, width = 1280): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.goto(`${server.origin}/`);
  await page.evaluate(() => (window as unknown as { nk: import('../../src/index').NudgeKit }).nk.ready());
  return page;
}

describe('an NPS survey shown by a rule', () => {
  it('is answered with the keyboard alone, passes axe, and survey_answered with value 9 reaches the collector', async () => {
    const context = await browser.newContext();
    const page = await openShop(context);
    const user = await anonymousIdOf(page);
    // Two orders, placed with the keyboard: the rule asks after the second one.
    await page.focus('#buy');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const survey = page.locator('[data-nudgekit] form');
    await survey.waitFor();
    await page.waitForTimeout(250);
    await page.screenshot({ path: screenshotPath('engage-survey-1280') });
    expect(await axeViolations(page)).toEqual([]);
    // Tab on into the radio group (past the checklist launcher, which comes first on the page),
    // arrows to 9, Tab to Send, Enter.
    const radio = page.getByRole('radio', { name: '0', exact: true });
    const onRadio = () => radio.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement);
    for (let i = 0; i < 4 && !(await onRadio()); i++) await page.keyboard.press('Tab');
    expect(await onRadio()).toBe(true);
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: '9', exact: true }).isChecked()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => named('survey_answered', user).length, { timeout: 10_000 }).toBe(1);
    expect(named('survey_answered', user)[0]!.properties).toMatchObject({ ruleId: 'nps-after-second-order', kind: 'nps', value: 9, type: 'survey' });
    await expect(survey.count()).resolves.toBe(0);
    // A third order does not ask again: answered means never again (no reaskAfterDays).
    await page.keyboard.press('Escape');
    await page.focus('#buy');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await expect(survey.count()).resolves.toBe(0);
    expect(await pageState(page)).toMatchObject({ errors: [], violations: [] });
    await context.close();
  });

  it('fits a 390 px screen', async () => {
    const context = await browser.newContext();
    const page = await openShop(context, 390);
    await page.click('#buy');
    await page.click('#buy');
    await page.locator('[data-nudgekit] form').waitFor();
    await page.waitForTimeout(250);
    await page.screenshot({ path: screenshotPath('engage-survey-390') });
    const box = await page.locator('[data-nudgekit] form').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await context.close();
  });
});

describe('a first-purchase checklist', () => {
  it('passes axe as a launcher and as an open panel', async () => {
    const context = await browser.newContext();
    const page = await openShop(context);
    await page.click('#view');
    const launcher = page.getByRole('button', { name: /^Your first order.*1 of 3 done$/ });
    await launcher.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await launcher.click();
    await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.getByRole('region', { name: 'Your first order' }).waitFor();
    await page.waitForTimeout(250);
    await page.screenshot({ path: screenshotPath('engage-checklist-1280') });
    await page.setViewportSize({ width: 390, height: 800 });
    await page.screenshot({ path: screenshotPath('engage-checklist-390') });
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false');
    await context.close();
  });

  it('keeps its progress across a reload and in a second tab, and sends checklist_completed once', async () => {
    const context = await browser.newContext();
    const first = await openShop(context);
    const user = await anonymousIdOf(first);
    await first.click('#view');
    await first.click('#cart');
    await expect.poll(async () => (await pageState(first)).checklist.done).toBe(2);
    await first.waitForTimeout(200); // let it save
    await first.reload();
    await first.evaluate(() => (window as unknown as { nk: import('../../src/index').NudgeKit }).nk.ready());
    expect((await pageState(first)).checklist).toMatchObject({ done: 2, completed: false });
    await first.getByRole('button', { name: /2 of 3 done/ }).waitFor();

    const second = await openShop(context);
    expect((await pageState(second)).checklist.done).toBe(2);
    await second.click('#buy');
    // The first tab follows: the step done in the second tab, and completion.
    await expect.poll(async () => (await pageState(first)).checklist).toMatchObject({ done: 3, completed: true });
    // Both tabs keep working; more orders in either tab complete nothing again.
    await first.click('#buy');
    await second.click('#view');
    await expect.poll(() => named('checklist_step_completed', user).length, { timeout: 10_000 }).toBe(3);
    await expect.poll(() => named('checklist_completed', user).length, { timeout: 10_000 }).toBe(1);
    await first.waitForTimeout(600);
    expect(named('checklist_completed', user)).toHaveLength(1);
    expect(named('checklist_step_completed', user).map((e) => e.properties!['stepId'])).toEqual(['browse', 'cart', 'buy']);
    // Completed: the launcher is gone from both tabs.
    await expect(first.locator('[data-nudgekit-checklist]').count()).resolves.toBe(0);
    await expect(second.locator('[data-nudgekit-checklist]').count()).resolves.toBe(0);
    expect(await pageState(first)).toMatchObject({ errors: [], violations: [] });
    expect(await pageState(second)).toMatchObject({ errors: [], violations: [] });
    await context.close();
  });
});
