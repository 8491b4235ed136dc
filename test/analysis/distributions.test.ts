/**
 * The t and chi-square functions over a grid against mpmath at 50 digits (test/analysis/reference.json,
 * from scripts/reference/analysis.py). SciPy's values are stored alongside: its t.ppf is off by up to
 * 4e-10 within 1e-6 of p = 0.5 and its t.cdf by 3e-9 near t = 0, so it is not the yardstick here.
 */
import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareSf } from '../../src/analysis/chi-square';
import { studentTCdf, studentTQuantile, studentTSf, studentTTwoSided } from '../../src/analysis/t-distribution';
import { deviation, reference } from './helpers';

const TOLERANCE = 1e-12;

describe('Student t distribution', () => {
  it(`cdf and sf match mpmath to ${TOLERANCE} relative at ${reference.tCdf.length} points, df from 0.05 to 2e6`, () => {
    let worst = 0;
    for (const { t, df, cdf, sf } of reference.tCdf) {
      const errors = [deviation(studentTCdf(t, df), cdf), deviation(studentTSf(t, df), sf)];
      worst = Math.max(worst, ...errors);
      expect(Math.max(...errors), `t=${t} df=${df}`).toBeLessThan(TOLERANCE);
    }
    console.info(`t cdf/sf: worst relative deviation from mpmath ${worst.toExponential(2)}`);
  });

  it(`quantile matches mpmath to ${TOLERANCE} relative at ${reference.tQuantile.length} points`, () => {
    let worst = 0;
    for (const { p, df, t } of reference.tQuantile) {
      const error = deviation(studentTQuantile(p, df), t);
      worst = Math.max(worst, error);
      expect(error, `p=${p} df=${df}`).toBeLessThan(TOLERANCE);
    }
    console.info(`t quantile: worst relative deviation from mpmath ${worst.toExponential(2)}`);
  });

  it('has the closed forms at df = 1 (Cauchy) and df = 2', () => {
    for (const p of [0.001, 0.1, 0.3, 0.7, 0.975]) {
      expect(deviation(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)))).toBeLessThan(1e-13);
      expect(deviation(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)))).toBeLessThan(1e-13);
    }
  });

  it('gives the two-sided p-value without rounding small ones to 0', () => {
    expect(studentTTwoSided(40, 1000)).toBeGreaterThan(0);
    expect(deviation(studentTTwoSided(-2.5, 7), 2 * studentTCdf(-2.5, 7))).toBeLessThan(1e-15);
    expect(studentTTwoSided(0, 3)).toBe(1);
  });

  it('returns NaN or the limits outside the domain instead of throwing', () => {
    expect(studentTCdf(1, 0)).toBeNaN();
    expect(studentTCdf(NaN, 3)).toBeNaN();
    expect(studentTQuantile(1.5, 3)).toBeNaN();
    expect(studentTQuantile(0.5, -1)).toBeNaN();
    expect(studentTQuantile(1, 3)).toBe(Infinity);
    expect(studentTQuantile(0, 3)).toBe(-Infinity);
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(studentTCdf(-Infinity, 0.2)).toBe(0);
  });
});

describe('chi-square distribution', () => {
  it(`sf and cdf match mpmath to ${TOLERANCE} relative at ${reference.chiSquare.length} points`, () => {
    let worst = 0;
    for (const { x, k, sf, cdf } of reference.chiSquare) {
      const errors = [deviation(chiSquareSf(x, k), sf), deviation(chiSquareCdf(x, k), cdf)];
      worst = Math.max(worst, ...errors);
      expect(Math.max(...errors), `x=${x} k=${k}`).toBeLessThan(TOLERANCE);
    }
    console.info(`chi-square: worst relative deviation from mpmath ${worst.toExponential(2)}`);
  });

  it('is 1 at 0 and NaN for k <= 0', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(2, 0)).toBeNaN();
    expect(chiSquareSf(NaN, 2)).toBeNaN();
  });
});
