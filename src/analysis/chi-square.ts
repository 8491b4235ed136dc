/**
 * The regularised incomplete gamma functions and the chi-square distribution built on them:
 * a power series below x = a + 1, a continued fraction (modified Lentz) above, as in
 * Numerical Recipes §6.2, each returned with its complement.
 *
 * @packageDocumentation
 */
import { logGamma } from '../lifecycle/gamma';

const TOLERANCE = 1e-16;
const TINY = 1e-300;
/** Both expansions take O(√a) terms. */
const MAX_TERMS = 200_000;

/** P(a, x) and Q(a, x) = 1 − P(a, x), each accurate on its small side. */
export interface GammaPair {
  lower: number;
  upper: number;
}

/** Regularised lower (P) and upper (Q) incomplete gamma for a > 0, x >= 0; NaN outside. */
export function incompleteGamma(a: number, x: number): GammaPair {
  if (!(a > 0 && x >= 0)) return { lower: NaN, upper: NaN };
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  const front = Math.exp(a * Math.log(x) - x - logGamma(a));
  if (x < a + 1) {
    // P = front · Σ x^n / (a (a+1) ... (a+n))
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= MAX_TERMS && Math.abs(term) > Math.abs(sum) * TOLERANCE; n++) {
      term *= x / (a + n);
      sum += term;
    }
    const lower = front * sum;
    return { lower, upper: 1 - lower };
  }
  // Q = front · 1/(x+1−a− 1(1−a)/(x+3−a− 2(2−a)/(x+5−a− ...)))
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    d = 1 / (Math.abs(d) < TINY ? TINY : d);
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    h *= d * c;
    if (Math.abs(d * c - 1) <= TOLERANCE) break;
  }
  const upper = front * h;
  return { lower: 1 - upper, upper };
}

/** P(X <= x) for X ~ chi-square with k > 0 degrees of freedom. */
export function chiSquareCdf(x: number, k: number): number {
  return x <= 0 ? (k > 0 ? 0 : NaN) : incompleteGamma(k / 2, x / 2).lower;
}

/** P(X > x): the p-value of a chi-square statistic x with k degrees of freedom. */
export function chiSquareSf(x: number, k: number): number {
  return x <= 0 ? (k > 0 ? 1 : NaN) : incompleteGamma(k / 2, x / 2).upper;
}
