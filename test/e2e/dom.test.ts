/**
 * The DOM renderer in real Chromium, on a page served with `Content-Security-Policy:
 * default-src 'self'`: rendering of each type, clicks and Escape in the event trail, the
 * focus trap, hostile content, axe-core, screenshots (test-results/screenshots/dom-*.png).
 * Layout (320 px, a hostile page stylesheet, direction) is in dom-layout.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotPath } from './harness';
import { axeViolations, focused, NUDGES, recorded, show, startDomSession, trail, type DomSession } from './fixtures/dom-session';

let session: DomSession;
const open: DomSession['open'] = (options) => session.open(options);

beforeAll(async () => {
  session = await startDomSession();
});

afterAll(async () => {
  await session?.close();
});

describe.each(Object.entries(NUDGES))('%s', (name, nudge) => {
  it('renders under a strict CSP with no violation, passes axe, and is saved as a screenshot', async () => {
    const { page, consoleErrors } = await open();
    await show(page, nudge);
    const box = page.locator('[data-nudgekit] .n');
    await expect(box.isVisible()).resolves.toBe(true);
    await expect(box.getByRole('heading').textContent()).resolves.toBe(nudge.title);
    const computed = await box.evaluate((el) => getComputedStyle(el).position);
    expect(computed).toBe('fixed'); // the constructable stylesheet applied despite the CSP
    await page.waitForTimeout(250); // let the fade-in finish before the screenshot
    await page.screenshot({ path: screenshotPath(`dom-${name}`) });
    expect(await axeViolations(page)).toEqual([]);
    const state = await recorded(page);
    expect(state.violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(state.errors).toEqual([]);
    expect(state.events.map((e) => [e.event, e.properties['type']])).toEqual([['nudge_shown', nudge.type]]);
    await page.close();
  });
});

describe('rule text that could freeze the page', () => {
  it('renders a modal whose body is 100 KB without a space, cut to 2,000 characters, in the next frame', async () => {
    const { page } = await open();
    // Shown and painted in one evaluate: the offer, then the next animation frame. The time is
    // printed for the record (issue 12 measured 9.7 s before the cut); speed goals live in bench/.
    const ms = await page.evaluate(async (body) => {
      const start = performance.now();
      (window as unknown as { DomPage: { show(n: unknown, p: number): void } }).DomPage.show({ type: 'modal', title: 'Long', body }, 0);
      await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
      return performance.now() - start;
    }, 'x'.repeat(100_000));
    console.log(`100 KB body: offer + next frame ${ms.toFixed(1)} ms`);
    const text = await page.locator('[data-nudgekit] .n p').first().textContent();
    expect(text).toHaveLength(2000);
    expect(text!.endsWith('…')).toBe(true);
    await page.close();
  });
});

describe('interaction', () => {
  it('records a click with its action and URL, and hands the URL to navigate', async () => {
    const { page } = await open();
    await show(page, NUDGES.modal!);
    await page.getByRole('button', { name: 'Take a look' }).click();
    expect(await trail(page)).toEqual(['nudge_shown:', 'nudge_clicked:primary']);
    const state = await recorded(page);
    expect(state.events[1]!.properties).toMatchObject({ url: '/whats-new', ruleId: 'rule-1', type: 'modal' });
    expect(state.navigated).toEqual(['/whats-new']);
    await expect(page.locator('[data-nudgekit] .n').count()).resolves.toBe(0);
    await page.close();
  });

  it('traps focus in the modal (Tab and Shift+Tab cycle), closes on Escape and returns focus', async () => {
    const { page } = await open();
    await page.focus('#opener');
    await show(page, NUDGES.modal!);
    expect(await focused(page)).toBe('Take a look');
    const forward: Array<string | null> = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      forward.push(await focused(page));
    }
    expect(forward).toEqual(['Not now', '×', 'Take a look', 'Not now']);
    const backward: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+Tab');
      backward.push(await focused(page));
    }
    expect(backward).toEqual(['Take a look', '×', 'Not now']);
    await page.keyboard.press('Escape');
    expect(await trail(page)).toEqual(['nudge_shown:', 'nudge_dismissed:escape']);
    expect(await focused(page)).toBe('opener');
    await page.close();
  });

  it('closes the modal from the backdrop and from the close button', async () => {
    const { page } = await open();
    await show(page, NUDGES.modal!);
    await page.mouse.click(5, 5);
    await show(page, NUDGES.modal!);
    await page.getByRole('button', { name: 'Close' }).click();
    expect(await trail(page)).toEqual(['nudge_shown:', 'nudge_dismissed:backdrop', 'nudge_shown:', 'nudge_dismissed:close']);
    await page.close();
  });

  it('keeps a hovered toast on screen past its time, then lets it go', async () => {
    const { page } = await open();
    await show(page, { type: 'toast', title: 'Saved', autoDismissMs: 1500 });
    await page.locator('[data-nudgekit] .n').hover();
    await page.waitForTimeout(2500);
    await expect(page.locator('[data-nudgekit] .n').count()).resolves.toBe(1);
    await page.mouse.move(5, 5);
    const left = Date.now();
    await page.locator('[data-nudgekit] .n').waitFor({ state: 'detached', timeout: 5000 });
    expect(Date.now() - left).toBeLessThan(2500);
    expect(await trail(page)).toEqual(['nudge_shown:', 'nudge_dismissed:timeout']);
    await page.close();
  });

  it('shows one nudge at a time: a higher priority replaces, a lower one waits its turn', async () => {
    const { page } = await open();
    await show(page, NUDGES['banner-top']!, 1);
    await show(page, NUDGES.modal!, 5);
    await show(page, NUDGES.toast!, 0);
    await expect(page.locator('[data-nudgekit] .n').count()).resolves.toBe(1);
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-nudgekit] .n').getByRole('heading').textContent()).resolves.toBe('Ready to start?');
    expect(await trail(page)).toEqual(['nudge_shown:', 'nudge_dismissed:replaced', 'nudge_shown:', 'nudge_dismissed:escape', 'nudge_shown:']);
    await page.close();
  });
});

describe('hostile content and layout', () => {
  it('shows markup in the title and body as inert text and refuses javascript: URLs', async () => {
    const { page, consoleErrors } = await open();
    const evil = '<img src=x onerror="window.__pwned=1">';
    await show(page, { type: 'modal', title: evil, body: evil, primary: { label: 'Win', url: 'javascript:window.__pwned=2' }, secondary: { label: 'Ok', url: ' JAVA\tSCRIPT:window.__pwned=3' } });
    await page.waitForTimeout(100);
    await expect(page.locator('[data-nudgekit] .n h2').textContent()).resolves.toBe(evil);
    await expect(page.locator('[data-nudgekit] img').count()).resolves.toBe(0);
    await expect(page.locator('[data-nudgekit] button').allTextContents()).resolves.toEqual(['×']);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const state = await recorded(page);
    expect(state.errors.map((e) => e.code)).toEqual(['nudge_failed', 'nudge_failed']);
    expect(state.violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: screenshotPath('dom-hostile') });
    await page.close();
  });

  it('falls back to a <style nonce> that a nonce-based CSP accepts where constructable stylesheets are missing', async () => {
    const { page, consoleErrors } = await open({ query: 'nonce?legacy&nonce=n0nce123' });
    await show(page, NUDGES.toast!);
    const box = page.locator('[data-nudgekit] .n');
    expect(await box.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    expect(await page.locator('[data-nudgekit] style').count()).toBe(1);
    const state = await recorded(page);
    expect(state.violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('has its <style> blocked (and reported) under that CSP without the nonce: the test can fail', async () => {
    const { page } = await open({ query: 'nonce?legacy' });
    await show(page, NUDGES.toast!);
    await page.waitForTimeout(100);
    expect(await page.locator('[data-nudgekit] .n').evaluate((el) => getComputedStyle(el).position)).toBe('static');
    expect((await recorded(page)).violations.length).toBeGreaterThan(0);
    await page.close();
  });

  it('honours prefers-reduced-motion and the theme', async () => {
    const { page } = await open({ query: '?accent=%23c2185b' });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await show(page, NUDGES.toast!);
    const styles = await page.locator('[data-nudgekit] .n').evaluate((el) => ({
      animation: getComputedStyle(el).animationName,
      primary: getComputedStyle(el.querySelector('.p')!).backgroundColor,
    }));
    expect(styles).toEqual({ animation: 'none', primary: 'rgb(194, 24, 91)' });
    await page.close();
  });
});
