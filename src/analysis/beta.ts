/**
 * The regularised incomplete beta function I_x(a, b), which the Student t distribution is
 * built on. Evaluated by its continued fraction with the modified Lentz method, on whichever
 * side of the mean it converges fast, and returned with its complement so a caller never
 * has to form 1 − I and lose the digits of a small tail.
 *
 * @packageDocumentation
 */
// Shared with the lifecycle models: one log-gamma in the code base, not two.
import { logGamma, logGammaSlope } from '../lifecycle/gamma';

/** Relative change of the continued fraction below which it has converged. */
const TOLERANCE = 1e-16;
/** Stands in for a zero denominator in Lentz's method. */
const TINY = 1e-300;
/** The fraction takes O(√max(a, b)) terms, so this covers a and b far beyond 1e9. */
const MAX_TERMS = 200_000;

/**
 * ln B(a, b) for a, b > 0. Written as ln Γ(small) − small · slope, where slope is
 * (ln Γ(big + small) − ln Γ(big)) / small to full relative accuracy: subtracting two log-gammas
 * of a million (about 1.3e7 each) would leave only 9 correct digits of a number near −6.
 */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const big = Math.max(a, b);
  return logGamma(small) - small * logGammaSlope(big, small);
}

/** I_x(a, b) and 1 − I_x(a, b), each to full relative accuracy on its small side. */
export interface BetaPair {
  lower: number;
  upper: number;
}

/**
 * The continued fraction of I_x(a, b) · a · B(a, b) / (x^a (1−x)^b): terms
 * d(2m) = m (b−m) x / ((a+2m−1)(a+2m)) and d(2m+1) = −(a+m)(a+b+m) x / ((a+2m)(a+2m+1)).
 */
function betaFraction(a: number, b: number, x: number, y: number): number {
  let c = 1;
  // 1 − (a+b) x / (a+1), written with y = 1 − x so that x near 1 does not cancel.
  let d = (1 - b + (a + b) * y) / (a + 1);
  d = 1 / (Math.abs(d) < TINY ? TINY : d);
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    for (const term of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + term * d;
      d = 1 / (Math.abs(d) < TINY ? TINY : d);
      c = 1 + term / c;
      if (Math.abs(c) < TINY) c = TINY;
      h *= d * c;
      if (term < 0 && Math.abs(d * c - 1) <= TOLERANCE) return h;
    }
  }
  return h;
}

/**
 * The regularised incomplete beta function. `y` is 1 − x, passed separately when the caller
 * knows it more precisely than 1 − x can be rounded (the t distribution does). NaN outside
 * the domain (a, b > 0, x and y in [0, 1]), never a throw.
 */
export function incompleteBeta(a: number, b: number, x: number, y: number = 1 - x): BetaPair {
  if (!(a > 0 && b > 0 && x >= 0 && y >= 0 && x <= 1 && y <= 1)) return { lower: NaN, upper: NaN };
  if (x === 0) return { lower: 0, upper: 1 };
  if (y === 0) return { lower: 1, upper: 0 };
  const logX = x > 0.5 ? Math.log1p(-y) : Math.log(x);
  const logY = y > 0.5 ? Math.log1p(-x) : Math.log(y);
  const front = Math.exp(a * logX + b * logY - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (front * betaFraction(a, b, x, y)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (front * betaFraction(b, a, y, x)) / b;
  return { lower: 1 - upper, upper };
}

/**
 * I_x(a, b) = x^a (1−x)^b / (a B(a, b)) · Σ (a+b)_n / (a+1)_n · x^n, a sum of positive terms, so
 * rounding errors do not grow. Quick when (a + b) x is moderate; the t distribution uses it for
 * its central part at large df, where the continued fraction loses digits to cancellation.
 * NaN when it has not converged within MAX_TERMS.
 */
export function betaSeries(a: number, b: number, x: number, y: number = 1 - x): number {
  if (x === 0) return 0;
  const logY = y > 0.5 ? Math.log1p(-x) : Math.log(y);
  const front = Math.exp(a * Math.log(x) + b * logY - logBeta(a, b)) / a;
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= ((a + b + n) * x) / (a + 1 + n);
    sum += term;
    if (term <= sum * TOLERANCE && (a + b + n) * x < a + 1 + n) return front * sum;
  }
  return NaN;
}
