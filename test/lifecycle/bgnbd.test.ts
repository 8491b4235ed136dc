import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectedConversions, probabilityAlive } from '../../src/lifecycle';
import { referenceExpectation, referenceHyp2f1, type ReferenceCase } from './hyp2f1-reference';

// Parameters of the paper's CDNOW fit (time unit: weeks).
const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const relativeError = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('probabilityAlive', () => {
  it('is 1 for a customer without repeat conversions, however long ago', () => {
    for (const T of [0, 1, 52, 500]) expect(probabilityAlive({ x: 0, tx: 0, T }, cdnow)).toBe(1);
  });

  it('falls towards 0 for a heavy buyer long gone', () => {
    const early = probabilityAlive({ x: 30, tx: 20, T: 20 }, cdnow); // just bought: 1 / (1 + a/(b+29))
    const later = probabilityAlive({ x: 30, tx: 20, T: 40 }, cdnow);
    const gone = probabilityAlive({ x: 30, tx: 20, T: 300 }, cdnow);
    expect(early).toBeGreaterThan(0.9);
    expect(later).toBeLessThan(early);
    expect(gone).toBeLessThan(1e-10);
    expect(gone).toBeGreaterThanOrEqual(0);
  });

  it('matches hand-derived values of 1 / (1 + a/(b+x-1) ((α+T)/(α+tx))^(r+x))', () => {
    // r=α=a=b=1, x=1, tx=1, T=3: odds = 1/1 · (4/2)² = 4, so P = 1/5.
    expect(probabilityAlive({ x: 1, tx: 1, T: 3 }, { r: 1, alpha: 1, a: 1, b: 1 })).toBeCloseTo(0.2, 15);
    // r=2, α=3, a=2, b=3, x=2, tx=5, T=7: odds = 2/4 · (10/8)^4 = 1.220703125.
    expect(probabilityAlive({ x: 2, tx: 5, T: 7 }, { r: 2, alpha: 3, a: 2, b: 3 })).toBeCloseTo(1 / 2.220703125, 15);
    // Bought just now (tx = T): odds = a/(b+x-1).
    expect(probabilityAlive({ x: 4, tx: 10, T: 10 }, cdnow)).toBeCloseTo(1 / (1 + 0.793 / (2.426 + 3)), 15);
  });

  it('returns NaN for invalid input instead of throwing', () => {
    expect(probabilityAlive({ x: -1, tx: 0, T: 1 }, cdnow)).toBeNaN();
    expect(probabilityAlive({ x: 1, tx: 5, T: 1 }, cdnow)).toBeNaN();
    expect(probabilityAlive({ x: 1, tx: 0, T: 1 }, { ...cdnow, r: 0 })).toBeNaN();
  });
});

describe('expectedConversions', () => {
  it('matches a hand-derived case: x=0, T=0, r=1, α=1, a=3, b=1, t=1', () => {
    // E = (a+b-1)/(a-1) [1 - (α/(α+t))^r 2F1(1,1;3;1/2)], 2F1(1,1;3;z) = 2[-ln(1-z)/z + (ln(1-z)+z)/z²].
    const z = 0.5;
    const f = 2 * (-Math.log(1 - z) / z + (Math.log(1 - z) + z) / (z * z));
    const expected = 1.5 * (1 - 0.5 * f);
    expect(relativeError(expectedConversions(1, { x: 0, tx: 0, T: 0 }, { r: 1, alpha: 1, a: 3, b: 1 }), expected)).toBeLessThan(1e-12);
  });

  it('starts at the purchase rate r/α for a brand-new customer (small t)', () => {
    const t = 1e-4;
    const params = { r: 2, alpha: 5, a: 2.5, b: 4 };
    expect(relativeError(expectedConversions(t, { x: 0, tx: 0, T: 0 }, params) / t, params.r / params.alpha)).toBeLessThan(1e-3);
  });

  it('tends to P(alive)·(a+b+x-1)/(a-1) over an unbounded horizon (purchases until drop-out, p ~ Beta(a, b+x))', () => {
    const params = { r: 0.8, alpha: 3, a: 2.5, b: 1.7 };
    for (const customer of [{ x: 0, tx: 0, T: 5 }, { x: 3, tx: 8, T: 12 }, { x: 12, tx: 30, T: 31 }]) {
      const limit = (probabilityAlive(customer, params) * (params.a + params.b + customer.x - 1)) / (params.a - 1);
      expect(relativeError(expectedConversions(1e9, customer, params), limit)).toBeLessThan(1e-4);
    }
  });

  it('agrees with the formula evaluated through the exact 2F1 reference (CDNOW parameters)', () => {
    const { r, alpha, a, b } = cdnow;
    for (const { x, tx, T, t } of [
      { x: 2, tx: 30.43, T: 38.86, t: 39 },
      { x: 0, tx: 0, T: 10, t: 52 },
      { x: 7, tx: 35, T: 38, t: 4 },
    ]) {
      const z = (t / (alpha + T + t)).toFixed(12);
      const hyper = referenceHyp2f1((r + x).toFixed(3), (b + x).toFixed(3), (a + b + x - 1).toFixed(3), z);
      const shrink = Math.pow((alpha + T) / (alpha + T + t), r + x);
      const odds = x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0;
      const expected = (((a + b + x - 1) / (a - 1)) * (1 - shrink * hyper)) / (1 + odds);
      // z was rounded to 12 digits for the reference: allow for that.
      expect(relativeError(expectedConversions(t, { x, tx, T }, cdnow), expected)).toBeLessThan(1e-8);
    }
  });

  it('is smooth through a = 1, where the formula as printed reads 0/0', () => {
    const customer = { x: 2, tx: 6, T: 9 };
    const at = (a: number): number => expectedConversions(10, customer, { r: 1.2, alpha: 4, a, b: 2 });
    const expected = referenceExpectation({ t: '10', x: 2, tx: '6', T: '9', r: '1.2', alpha: '4', a: '1.0000000000000000000000001', b: '2' });
    for (const a of [1, 1 + 1e-12, 1 - 1e-9]) expect(relativeError(at(a), expected), `a = ${a}`).toBeLessThan(1e-9);
    // One-sided neighbours bracket the value: no jump at a = 1.
    expect(relativeError(at(1), (at(1 - 1e-4) + at(1 + 1e-4)) / 2)).toBeLessThan(1e-8);
  });

  // Each case: the paper's eq. 10 as printed, in 60+ digit fixed point, against the implementation.
  const cases: ReferenceCase[] = [
    // An audit's case: x = 2000 made the old 2F1 overflow, so expectedConversions30d was null.
    { t: '30', x: 2000, tx: '29', T: '30', r: '0.243', alpha: '30.9', a: '0.793', b: '2.426' },
    { t: '30', x: 2000, tx: '200', T: '210', r: '0.243', alpha: '30.9', a: '0.793', b: '2.426' },
    { t: '30', x: 800, tx: '29.5', T: '30', r: '1.7', alpha: '2.5', a: '3.1', b: '12' },
    // An audit's case: 2F1(55.55, 59.66; 66.98; 0.79) was off by 1.8e-5.
    { t: '30', x: 55, tx: '6', T: '6.898', r: '0.5509', alpha: '1', a: '8.32', b: '4.6634' },
    // A new customer with a + b < 1 (a+b+x-1 < 0) and a short history: z = 30/30.15, near 1.
    { t: '30', x: 0, tx: '0', T: '0.1', r: '0.5', alpha: '0.05', a: '0.3', b: '0.2' },
    { t: '30', x: 0, tx: '0', T: '8.4', r: '0.5', alpha: '1', a: '70', b: '3' },
    // r much larger than a + b: the Euler-side series alternates.
    { t: '30', x: 0, tx: '0', T: '1', r: '44', alpha: '1', a: '0.064', b: '0.126' },
    // z = 30/30.03 = 0.999, at a = 1 and with c-a-b an integer.
    { t: '30', x: 3, tx: '0.01', T: '0.02', r: '0.25', alpha: '0.01', a: '1.0000000000000000000000001', b: '2.5' },
    { t: '30', x: 1, tx: '0.01', T: '0.02', r: '0.25', alpha: '0.01', a: '1.25', b: '2.5' },
    { t: '4', x: 7, tx: '35', T: '38', r: '0.243', alpha: '4.414', a: '0.793', b: '2.426' },
  ];

  it.each(cases)('matches the reference within 1e-9: x = $x, t = $t, T = $T, r = $r, α = $alpha, a = $a, b = $b', (c) => {
    const actual = expectedConversions(Number(c.t), { x: c.x, tx: Number(c.tx), T: Number(c.T) }, { r: Number(c.r), alpha: Number(c.alpha), a: Number(c.a), b: Number(c.b) });
    expect(Number.isFinite(actual)).toBe(true);
    expect(relativeError(actual, referenceExpectation(c))).toBeLessThan(1e-9);
  });

  it('matches mpmath where z is within 1e-7 of 1 (a = 1, integer c-a-b, a+b < 1, a horizon of 1e9)', () => {
    // mpmath 1.3.0 at 60 digits on the same double inputs (a = 1 as the mean of 1 ± 1e-30).
    const cases = [
      [300000, 3, 0.02, 0.03, 0.25, 0.0001, 1, 2.5, 46.760613114789917],
      [300000, 1, 0.02, 0.03, 0.25, 0.0001, 1.25, 2.5, 7.9899820318965629],
      [300000, 0, 0, 0.03, 0.5, 0.0001, 0.3, 0.2, 22642.994730513572],
      [1e9, 2, 0.5, 1, 0.243, 4.414, 0.793, 2.426, 685.54725000069894],
    ] as const;
    for (const [t, x, tx, T, r, alpha, a, b, expected] of cases) {
      expect(relativeError(expectedConversions(t, { x, tx, T }, { r, alpha, a, b }), expected), `x = ${x}, a = ${a}`).toBeLessThan(1e-9);
    }
  });

  it('grows with the horizon, is 0 at t = 0 and never throws', () => {
    fc.assert(
      fc.property(
        fc.record({ r: fc.double({ min: 0.05, max: 5, noNaN: true }), alpha: fc.double({ min: 0.1, max: 50, noNaN: true }), a: fc.double({ min: 0.1, max: 5, noNaN: true }), b: fc.double({ min: 0.1, max: 10, noNaN: true }) }),
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (params, x, tx, gap) => {
          const customer = { x, tx: x === 0 ? 0 : tx, T: (x === 0 ? 0 : tx) + gap };
          const e10 = expectedConversions(10, customer, params);
          const e30 = expectedConversions(30, customer, params);
          expect(expectedConversions(0, customer, params)).toBe(0);
          expect(e10).toBeGreaterThan(0);
          expect(e30).toBeGreaterThanOrEqual(e10 * (1 - 1e-9));
        },
      ),
      { numRuns: 200 },
    );
  });
});
