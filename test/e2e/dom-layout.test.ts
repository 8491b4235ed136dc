/**
 * The DOM renderer's layout in real Chromium, under `Content-Security-Policy: default-src
 * 'self'`: each type at 320 px wide, a host page whose stylesheet attacks the nudge, and text
 * direction from the page's `dir`. Screenshots in test-results/screenshots/dom-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotPath } from './harness';
import { axeViolations, NUDGES, recorded, show, startDomSession, trail, type DomSession } from './fixtures/dom-session';

let session: DomSession;
const open: DomSession['open'] = (options) => session.open(options);

beforeAll(async () => {
  session = await startDomSession();
});

afterAll(async () => {
  await session?.close();
});

describe('layout', () => {
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

});
