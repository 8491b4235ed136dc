/**
 * The DOM renderer in real Chromium, on a page served with `Content-Security-Policy:
 * default-src 'self'`: rendering of each type, clicks and Escape in the event trail, the
 * focus trap, hostile content, a hostile host-page stylesheet, 320 px layouts, axe-core,
 * screenshots (test-results/screenshots/dom-*.png).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { bundle, htmlPage, launchBrowser, ROOT, screenshotPath, startServer, type TestServer } from './harness';
import type { NudgeContent } from '../../src/nudges/index';

let browser: Browser;
let server: TestServer;

const HOST_BODY =
  '<h1>Example shop</h1><p>Host page content. <button id="opener" type="button">Open</button></p>' +
  '<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p>';

// What real pages do, on purpose or not: inherited text styles on body, a root font size,
// transforms on every div (a fixed element inside one is positioned against it), and rules
// that hide or restyle every direct child of body, !important included. Plus a theme.
const HOSTILE_CSS = `
html { font-size: 30px; }
body { letter-spacing: 6px; word-spacing: 20px; text-transform: uppercase; text-align: center; line-height: 4;
  direction: rtl; font-style: italic; color: red; white-space: nowrap; cursor: wait; }
div { transform: translateX(0); }
body > *:not(main), nudgekit-host {
  display: none !important; position: absolute !important; transform: translate(50px, 50px) !important;
  filter: blur(2px) !important; contain: strict !important; opacity: 0 !important; visibility: hidden !important;
  pointer-events: none !important; zoom: 2 !important;
}
[data-nudgekit] { --nk-accent: #c2185b; }
`;

beforeAll(async () => {
  const script = await bundle('test/e2e/fixtures/dom-page.ts', 'DomPage');
  const axe = readFileSync(resolve(ROOT, 'node_modules/axe-core/axe.min.js'));
  server = await startServer((request) => {
    const path = request.url.split('?')[0];
    if (path === '/')
      return { headers: { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" }, body: htmlPage(['/dom-page.js'], HOST_BODY) };
    // The nonce fallback: styles only through a nonce, as a strict CSP with style nonces has it.
    if (path === '/nonce')
      return { headers: { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'; style-src 'nonce-n0nce123'" }, body: htmlPage(['/dom-page.js'], HOST_BODY) };
    // The same page with a stylesheet that attacks the nudge from outside (see HOSTILE_CSS).
    if (path === '/hostile')
      return {
        headers: { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" },
        body: htmlPage(['/dom-page.js'], '<link rel="stylesheet" href="/hostile.css">' + HOST_BODY),
      };
    if (path === '/hostile.css') return { headers: { 'content-type': 'text/css' }, body: HOSTILE_CSS };
    if (path === '/dom-page.js') return { headers: { 'content-type': 'text/javascript' }, body: script };
    if (path === '/favicon.ico') return { status: 204 };
    if (path === '/axe.js') return { headers: { 'content-type': 'text/javascript' }, body: axe };
    return undefined;
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Recorded {
  events: Array<{ event: string; properties: Record<string, unknown> }>;
  errors: Array<{ code: string; message: string }>;
  navigated: string[];
  violations: string[];
}

async function open(options: { width?: number; query?: string } = {}): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1024, height: 700 } });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.goto(`${server.origin}/${options.query ?? ''}`);
  return { page, consoleErrors };
}

const show = (page: Page, nudge: NudgeContent, priority = 0): Promise<void> =>
  page.evaluate(
    (args: { nudge: unknown; priority: number }) => (window as unknown as { DomPage: { show(n: unknown, p: number): void } }).DomPage.show(args.nudge, args.priority),
    { nudge: nudge as unknown, priority },
  );
const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __nk: Recorded }).__nk);
const trail = async (page: Page) => (await recorded(page)).events.map((e) => `${e.event}:${String(e.properties['action'] ?? e.properties['reason'] ?? '')}`);
// The focused element, through the shadow root: its text or id.
const focused = (page: Page) =>
  page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.id || active?.textContent || active?.tagName || null;
  });

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ url: '/axe.js' });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const { violations } = await axe.run(document);
    return violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
  return result;
}

const NUDGES: Record<string, NudgeContent> = {
  modal: {
    type: 'modal',
    title: 'Welcome back',
    body: 'Good to see you again. Here is what changed while you were away.',
    primary: { label: 'Take a look', url: '/whats-new' },
    secondary: { label: 'Not now' },
  },
  'banner-top': { type: 'banner', placement: 'top', title: 'Free shipping this week', body: 'On every order over 20 EUR.', primary: { label: 'Shop now', url: '/shop' } },
  'banner-bottom': { type: 'banner', placement: 'bottom', title: 'Shall we remind you?', primary: { label: 'Yes', action: 'remind_me_yes' }, secondary: { label: 'No thanks' } },
  toast: { type: 'toast', title: 'Ready to start?', body: 'Your first order ships free.', primary: { label: 'Start now', url: '/start' }, autoDismissMs: 60_000 },
};

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

  it.each(Object.keys(NUDGES))('fits %s into a 320 px wide viewport: no horizontal scroll, text wraps, every button reachable', async (name) => {
    const { page } = await open({ width: 320 });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    // A long title and an unbreakable word, as translated copy and pasted codes produce.
    const nudge = NUDGES[name]!;
    await show(page, { ...nudge, title: `${nudge.title}: a much longer headline than usual`, body: `${nudge.body ?? ''} Code: WELCOMEBACK2026SPRINGFREESHIPPINGEXTRA` });
    const layout = await page.evaluate(() => {
      const root = document.querySelector('[data-nudgekit]')!.shadowRoot!;
      const box = root.querySelector('.n')!;
      const rect = (el: Element) => el.getBoundingClientRect().toJSON() as DOMRect;
      const lineHeight = parseFloat(getComputedStyle(box.querySelector('h2')!).lineHeight);
      return {
        box: rect(box),
        scrollWidth: document.documentElement.scrollWidth,
        titleLines: Math.round(rect(box.querySelector('h2')!).height / lineHeight),
        // Text that does not wrap shows as content wider than its element or than the box.
        overflowing: [...box.querySelectorAll('h2, p, button')]
          .filter((el) => el.scrollWidth > el.clientWidth || rect(el).left < rect(box).left || rect(el).right > rect(box).right)
          .map((el) => el.textContent),
        // A button is reachable when it is inside the viewport and nothing covers its centre.
        buttons: [...box.querySelectorAll('button')].map((button) => {
          const r = rect(button);
          const hit = root.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return { label: button.textContent, inside: r.x >= 0 && r.y >= 0 && r.right <= innerWidth && r.bottom <= innerHeight, onTop: hit === button, height: r.height };
        }),
      };
    });
    expect(layout.box.x).toBeGreaterThanOrEqual(0);
    expect(layout.box.right).toBeLessThanOrEqual(320);
    expect(layout.scrollWidth).toBeLessThanOrEqual(320);
    expect(layout.titleLines).toBeGreaterThan(1);
    expect(layout.overflowing).toEqual([]);
    expect(layout.buttons.length).toBe([nudge.primary, nudge.secondary].filter(Boolean).length + 1);
    for (const button of layout.buttons) expect(button).toMatchObject({ inside: true, onTop: true });
    for (const button of layout.buttons) expect(button.height).toBeGreaterThanOrEqual(44);
    if (name === 'banner-top') expect(layout.box.y).toBe(0);
    if (name === 'banner-bottom') expect(layout.box.bottom).toBe(700);
    await page.screenshot({ path: screenshotPath(`dom-${name}-320px`) });
    expect(await axeViolations(page)).toEqual([]);
    // The primary button works where it is, at this width.
    if (nudge.primary) {
      await page.getByRole('button', { name: nudge.primary.label }).click();
      expect(await trail(page)).toEqual(['nudge_shown:', 'nudge_clicked:primary']);
    }
    await page.close();
  });

  it('keeps its own styles, position and visibility on a page whose stylesheet attacks it', async () => {
    const { page, consoleErrors } = await open({ query: 'hostile' });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    // The page's own stylesheet did apply (the test would prove nothing otherwise).
    expect(await page.evaluate(() => getComputedStyle(document.body).letterSpacing)).toBe('6px');
    for (const name of ['toast', 'modal'] as const) {
      await show(page, NUDGES[name]!);
      const seen = await page.evaluate(() => {
        const host = document.querySelector('[data-nudgekit]')!;
        const box = host.shadowRoot!.querySelector('.n')!;
        const title = getComputedStyle(box.querySelector('h2')!);
        const r = box.getBoundingClientRect();
        const hostStyle = getComputedStyle(host);
        return {
          host: [hostStyle.display, hostStyle.transform, hostStyle.filter, hostStyle.opacity, hostStyle.visibility, hostStyle.zoom],
          text: [title.letterSpacing, title.wordSpacing, title.textTransform, title.textAlign, title.direction, title.fontStyle, title.whiteSpace, title.color],
          fontSize: getComputedStyle(box).fontSize,
          cursor: getComputedStyle(box).cursor,
          visibility: getComputedStyle(box).visibility,
          opacity: getComputedStyle(box).opacity,
          accent: getComputedStyle(box.querySelector('.p')!).backgroundColor,
          rect: { left: Math.round(r.left), right: Math.round(r.right), top: Math.round(r.top), bottom: Math.round(r.bottom) },
          viewport: { width: innerWidth, height: innerHeight },
        };
      });
      expect(seen.host).toEqual(['contents', 'none', 'none', '1', 'visible', '1']);
      expect(seen.text).toEqual(['normal', '0px', 'none', 'start', 'ltr', 'normal', 'normal', 'rgb(27, 27, 31)']);
      expect(seen.fontSize).toBe('16px');
      expect(seen.cursor).toBe('auto');
      expect([seen.visibility, seen.opacity]).toEqual(['visible', '1']);
      expect(seen.accent).toBe('rgb(194, 24, 91)'); // theming through custom properties still reaches in
      if (name === 'toast') {
        // bottom-right, 8 px from the viewport's edges, not from a transformed ancestor
        expect(seen.rect.right).toBe(seen.viewport.width - 8);
        expect(seen.rect.bottom).toBe(seen.viewport.height - 8);
      } else {
        expect(Math.abs((seen.rect.left + seen.rect.right) / 2 - seen.viewport.width / 2)).toBeLessThanOrEqual(1);
        expect(Math.abs((seen.rect.top + seen.rect.bottom) / 2 - seen.viewport.height / 2)).toBeLessThanOrEqual(1);
      }
      await page.screenshot({ path: screenshotPath(`dom-hostile-css-${name}`) });
      // Clickable despite pointer-events: none on the host.
      await page.getByRole('button', { name: NUDGES[name]!.primary!.label }).click();
    }
    expect(await trail(page)).toEqual(['nudge_shown:', 'nudge_clicked:primary', 'nudge_shown:', 'nudge_clicked:primary']);
    const state = await recorded(page);
    expect(state.violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('follows the page\'s dir attribute, not a CSS direction on body', async () => {
    const { page } = await open();
    await page.evaluate(() => (document.documentElement.dir = 'rtl'));
    await show(page, NUDGES.toast!);
    const direction = await page.locator('[data-nudgekit] .n h2').evaluate((el) => getComputedStyle(el).direction);
    expect(direction).toBe('rtl');
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
