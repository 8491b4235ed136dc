/**
 * The collector's dashboard in real Chromium: a simulated population (the real SDK through
 * `simulate()`), its experiments, the operations overview, the strict CSP (no violation
 * reported), screenshots at 1280 and 390 px into docs/images/, and axe-core.
 *
 * Until the SDK accepts rules with variants (branch `variants`), the simulated customers log no
 * `nudge_exposure`, so the experiments shown come from populations sent in Segment batches
 * (test/collector/population.ts), dated a year back so the overview shows only the customers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright';
import { launchBrowser, ROOT } from './harness';
import { type Collector, WRITE_KEY, freshDataDir, removeDir, startCollector, post } from '../collector/helpers';
import { plantedPopulation } from '../collector/population';

type Simulate = (options: Record<string, unknown>) => Promise<{ mode: string; unsent: number }>;
const { simulate } = (await import(pathToFileURL(resolve(ROOT, 'examples/simulate/simulate.mjs')).href)) as { simulate: Simulate };
const { variantsSupported } = (await import(pathToFileURL(resolve(ROOT, 'examples/simulate/rules.mjs')).href)) as { variantsSupported(): boolean };

let browser: Browser;
let collector: Collector;
let dataDir: string;
let mode: string;

beforeAll(async () => {
  dataDir = await freshDataDir();
  collector = await startCollector({ writeKey: WRITE_KEY, dataDir });
  // With variants, the simulated experiment is the one shown: enough customers for a clear result.
  const customers = variantsSupported() ? 1200 : 400;
  const result = await simulate({ endpoint: collector.endpoint, writeKey: WRITE_KEY, customers, seed: 7, days: 56, baseRate: 0.2, effect: { a: 0.05, b: 0.6 } });
  expect(result.unsent).toBe(0);
  mode = result.mode;
  if (mode !== 'variants') {
    const yearAgo = Date.now() - 400 * 86_400_000;
    const planted = [
      plantedPopulation({ users: 4000, seed: 3, baseRate: 0.12, uplift: { a: 0.04, b: 0.3 }, ruleId: 'first-purchase-offer', start: yearAgo }),
      plantedPopulation({ users: 3000, seed: 4, baseRate: 0.1, uplift: { a: 0, b: 0.1 }, ruleId: 'cart-reminder', start: yearAgo, lose: { arm: 'b', share: 0.15 } }),
    ];
    for (const population of planted) for (const batch of population.batches) expect((await post(collector, batch)).status).toBe(200);
  }
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await removeDir(dataDir);
}, 60_000);

describe('the collector dashboard', () => {
  it('shows verdicts, lift charts, an SRM warning and the overview under its CSP, at 1280 and 390 px', async () => {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      try {
        const page = await context.newPage();
        const violations: string[] = [];
        page.on('console', (message) => {
          if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
        });
        const response = await page.goto(`${collector.url}/`);
        expect(response?.headers()['content-security-policy']).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
        await expect(page.getByRole('heading', { name: 'Did the nudge work?' }).isVisible()).resolves.toBe(true);
        const offer = page.getByRole('article', { name: /first-purchase-offer/ });
        await expect(offer.getByRole('img', { name: /Lift in conversion/ }).count()).resolves.toBe(1);
        await expect(offer.locator('.verdicts li').first().textContent()).resolves.toMatch(/^Variant a/);
        // A planted +30% on 1,600 users per arm is clear; the simulated one is read as it comes.
        const verdictB = mode === 'variants' ? /^Variant b(:| raised| lowered) .*conversion/ : /Variant b raised conversion by \d+(\.\d)?% \(95% CI/;
        await expect(offer.locator('.verdicts li').filter({ hasText: verdictB }).count()).resolves.toBe(1);
        if (mode !== 'variants') {
          const cart = page.getByRole('article', { name: /cart-reminder/ });
          await expect(cart.getByText('Sample ratio mismatch.').count()).resolves.toBe(1);
          await expect(offer.getByText('Sample ratio mismatch.').count()).resolves.toBe(0);
        }
        await expect(page.getByRole('img', { name: /Daily active devices/ }).count()).resolves.toBe(1);
        await expect(page.getByRole('table', { name: /Weekly retention/ }).count()).resolves.toBe(1);
        // The stylesheet applied (its hash matched): cards have a white background.
        await expect(offer.evaluate((node) => getComputedStyle(node).backgroundColor)).resolves.toBe('rgb(255, 255, 255)');
        expect(violations).toEqual([]);
        // No horizontal scrolling of the page itself: wide tables scroll in their own box.
        await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(width);
        await page.screenshot({ path: resolve(ROOT, `docs/images/dashboard-${width}.png`), fullPage: true });
      } finally {
        await context.close();
      }
    }
  });

  it('has no accessibility violations (axe-core)', async () => {
    // axe is injected as a script, which the page's CSP forbids: a separate context bypasses it.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${collector.url}/`);
      await page.addScriptTag({ path: resolve(ROOT, 'node_modules/axe-core/axe.min.js') });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> } }).axe;
        const result = await axe.run(document);
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target) }));
      });
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
