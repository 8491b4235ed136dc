/**
 * Slow, careful references for 2F1 and the BG/NBD expectation: power series and elementary
 * functions in exact rational steps on BigInt fixed-point numbers (value = n / 10^digits), so
 * rounding never reaches the 16th digit. Parameters are decimal strings, taken exactly
 * ("0.243" is 243/1000). No transformation formula is used: the 2F1 is always its own power
 * series, and the expectation is the paper's eq. 10 as printed, so neither shares a step
 * with the implementation under test.
 */

type Rational = [bigint, bigint];

function rational(decimal: string): Rational {
  const negative = decimal.startsWith('-');
  const [whole, fraction = ''] = decimal.replace('-', '').split('.');
  const p = BigInt(whole! + fraction);
  return [negative ? -p : p, 10n ** BigInt(fraction.length)];
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** A fixed-point value as a double, correctly rounded (through a decimal string), however large or small. */
function toNumber(n: bigint, digits: number): number {
  return Number(`${n}e-${digits}`);
}

/** Σ (a)_n (b)_n / ((c)_n n!) z^n in fixed point: stops once the terms shrink for good and are below 1/`below` of the sum. */
function seriesFixed(a: Rational, b: Rational, c: Rational, z: Rational, one: bigint, below: bigint): bigint {
  const [[ap, aq], [bp, bq], [cp, cq], [zp, zq]] = [a, b, c, z];
  // Past every sign change of a+k, b+k, c+k.
  const settled = [ap / aq, bp / bq, cp / cq].reduce((most, v) => (-v > most ? -v : most), 0n);
  let term = one;
  let sum = one;
  for (let k = 0n; k < 20_000_000n; k++) {
    const numerator = (ap + k * aq) * (bp + k * bq) * cq * zp;
    const denominator = aq * bq * (cp + k * cq) * (k + 1n) * zq;
    term = (term * numerator) / denominator;
    sum += term;
    if (term === 0n) break;
    // For 0 <= z < 1 the ratio, once below 1 past every sign change, stays below 1: the tail is geometric-like.
    if (abs(numerator) < abs(denominator) && k > settled && abs(term) * below < abs(sum) && k > 10n) break;
  }
  return sum;
}

/** 2F1(a, b; c; z) for |z| < 1 by its power series with 60 digits (fine unless the sum nearly cancels). */
export function referenceHyp2f1(a: string, b: string, c: string, z: string): number {
  return toNumber(seriesFixed(rational(a), rational(b), rational(c), rational(z), 10n ** 60n, 10n ** 32n), 60);
}

/** ln(p/q) for p/q > 0 in fixed point: powers of 2 out, then 2 atanh((y-1)/(y+1)). */
function lnFixed(p: bigint, q: bigint, one: bigint): bigint {
  const shift = p.toString(2).length - q.toString(2).length;
  if (shift > 0) q <<= BigInt(shift);
  else p <<= BigInt(-shift);
  const atanh = (n: bigint, d: bigint): bigint => {
    // 2 Σ s^(2i+1)/(2i+1), s = n/d, |s| <= 1/3
    const s = (n * one) / d;
    const s2 = (s * s) / one;
    let power = s;
    let sum = 0n;
    for (let i = 1n; power !== 0n; i += 2n) {
      sum += power / i;
      power = (power * s2) / one;
    }
    return 2n * sum;
  };
  return atanh(p - q, p + q) + BigInt(shift) * atanh(1n, 3n);
}

/** e^v in fixed point, by e^v = 2^k e^(v - k ln 2) and a Taylor series. */
function expFixed(v: bigint, one: bigint, digits: number): bigint {
  const ln2 = lnFixed(2n, 1n, one);
  const k = BigInt(Math.round(toNumber(v, digits) / Math.LN2));
  const rest = v - k * ln2;
  let term = one;
  let sum = one;
  for (let i = 1n; term !== 0n; i++) {
    term = (term * rest) / (one * i);
    sum += term;
  }
  return k >= 0n ? sum << k : sum >> -k;
}

/** Decimal strings of a BG/NBD customer and parameters. */
export interface ReferenceCase {
  t: string;
  x: number;
  tx: string;
  T: string;
  r: string;
  alpha: string;
  a: string;
  b: string;
}

/**
 * E[Y(t) | x, tx, T] by eq. 10 of Fader, Hardie & Lee (2005) as printed:
 * (a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(α+T+t))] / (1 + δ a/(b+x-1) ((α+T)/(α+tx))^(r+x)).
 * The fixed point carries 60 digits plus as many as the powers span, so (1-z)^(r+x) 2F1(...)
 * keeps its digits even when each factor is 1e±1000. At a = 1 pass e.g. "1.0000000000000000000000001".
 */
export function referenceExpectation(c: ReferenceCase): number {
  const n = (s: string): number => Number(s);
  const span = (n(c.r) + c.x) * (Math.abs(Math.log10((n(c.alpha) + n(c.T) + n(c.t)) / (n(c.alpha) + n(c.T)))) + Math.abs(Math.log10((n(c.alpha) + n(c.T)) / (n(c.alpha) + n(c.tx)))));
  const digits = 60 + Math.ceil(span);
  const one = 10n ** BigInt(digits);
  const [rp, rq] = rational(c.r);
  const [ap, aq] = rational(c.a);
  const [bp, bq] = rational(c.b);
  const [alp, alq] = rational(c.alpha);
  const [tp, tq] = rational(c.t);
  const [Tp, Tq] = rational(c.T);
  const [txp, txq] = rational(c.tx);
  const X = BigInt(c.x);
  // r + x, b + x, a + b + x - 1 as rationals; α + T, α + T + t, α + tx likewise.
  const rx: Rational = [rp + X * rq, rq];
  const bx: Rational = [bp + X * bq, bq];
  const C: Rational = [ap * bq + bp * aq + (X - 1n) * aq * bq, aq * bq];
  const alT: Rational = [alp * Tq + Tp * alq, alq * Tq];
  const alTt: Rational = [alT[0] * tq + tp * alT[1], alT[1] * tq];
  const altx: Rational = [alp * txq + txp * alq, alq * txq];
  const z: Rational = [tp * alT[1], alTt[0]];
  const power = (num: Rational, den: Rational): bigint => {
    const log = lnFixed(num[0] * den[1], num[1] * den[0], one);
    return expFixed((log * rx[0]) / rx[1], one, digits);
  };
  const shrink = power(alT, alTt);
  // To the last digits: 1 - shrink·hyper may cancel many of them (a near 1).
  const hyper = seriesFixed(rx, bx, C, z, one, one / 10n ** 4n);
  const bracket = one - (shrink * hyper) / one;
  // (a+b+x-1)/(a-1) · bracket
  const front = (bracket * C[0] * aq) / (C[1] * (ap - aq));
  let odds = 0n;
  if (c.x > 0) {
    const b1: Rational = [bp + (X - 1n) * bq, bq]; // b + x - 1
    odds = (power(alT, altx) * ap * b1[1]) / (aq * b1[0]);
  }
  return toNumber((front * one) / (one + odds), digits);
}
