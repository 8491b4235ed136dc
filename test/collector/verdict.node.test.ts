/**
 * The dashboard's plain-language verdicts: what a product team reads for each variant.
 */
import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { ROOT } from './helpers';

type Verdict = (metric: string, arm: Record<string, unknown>, compared: number, alpha: number) => string;
const { verdict } = (await import(pathToFileURL(resolve(ROOT, 'examples/collector/page-experiments.mjs')).href)) as { verdict: Verdict };

const compared = (lift: number, ci: [number, number], significant: boolean) => ({ kind: 'compared', id: 'b', lift, ci, significant, users: 100, mean: 0.1 });

describe('verdict', () => {
  it('says a significant lift raised or lowered the metric, with its interval', () => {
    expect(verdict('conversion', compared(0.12, [0.03, 0.21], true), 2, 0.05)).toBe('Variant b raised conversion by 12% (95% CI +3% to +21%); unlikely to be chance.');
    expect(verdict('conversion', compared(-0.085, [-0.15, -0.02], true), 2, 0.05)).toBe('Variant b lowered conversion by 8.5% (95% CI −15% to −2%); unlikely to be chance.');
  });

  it('says "no evidence yet" when the interval holds zero, or when only the Holm adjustment removes it', () => {
    expect(verdict('conversion', compared(0.04, [-0.05, 0.13], false), 2, 0.05)).toBe('Variant b: no evidence yet of an effect on conversion (+4%, 95% CI −5% to +13%).');
    expect(verdict('conversion', compared(0.1, [0.01, 0.19], false), 2, 0.05)).toMatch(/^Variant b: \+10% conversion \(95% CI \+1% to \+19%\), but not significant once adjusted for the 2 variants compared \(Holm\); no evidence yet\.$/);
  });

  it('gives the level from alpha, and the reason when an arm could not be compared', () => {
    expect(verdict('revenue per user', compared(0.2, [0.1, 0.3], true), 1, 0.1)).toContain('(90% CI +10% to +30%)');
    expect(verdict('conversion', { kind: 'skipped', id: 'a', reason: 'no users', users: 0, mean: null }, 1, 0.05)).toBe('Variant a: not enough data yet for conversion (no users).');
  });
});
