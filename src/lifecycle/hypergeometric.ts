/**
 * The Gauss hypergeometric function 2F1, as the BG/NBD expectation needs it.
 *
 * Strategy, for 0 < z < 1 (z < 0 is first mapped there by Pfaff's transformation):
 * - c-a-b < 0: Euler's transformation 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a,c-b;c;z), taken in
 *   log space, so the part that grows without bound near z = 1 is a closed form and the
 *   series left has c-a-b > 0.
 * - z <= 0.9: the power series, stopped only once its tail is provably below 1e-17 of the sum.
 * - z > 0.9: the 1-z transformation (A&S 15.3.6), with the terms of its two series paired so
 *   that the poles at integer c-a-b cancel inside each pair (see {@link nearOne}); it costs
 *   some tens of terms however close z is to 1 and whatever c-a-b is.
 * Every sum also adds up the absolute values of its terms; a result that lost more than
 * about four digits to cancellation is discarded for the next method, ending with the plain
 * power series of the original parameters (positive terms), capped at MAX_TERMS.
 *
 * @packageDocumentation
 */
import { expm1Ratio, log1pRatio, logGamma, logGammaSlope } from './gamma';

const MAX_TERMS = 2_000_000;
/** Cancellation allowed: the sum of |terms| may exceed |result| by this factor (4 digits lost, 1e-12 left). */
const CANCEL = 1e4;

/** A value and the sum of the absolute values of the terms that made it. */
type Sum = [value: number, magnitude: number];

/**
 * Σ_{n≥1} t_n with t_1 = `first` and t_{n+1}/t_n = (a+n)(b+n)z / ((c+n)(n+1)), 0 <= z < 1.
 * Stops once every later factor is positive and a bound on all later ratios makes the tail
 * at most 1e-17 of `scale` + |sum|; NaN if that does not happen within MAX_TERMS terms.
 */
export function seriesTail(a: number, b: number, c: number, z: number, first: number, scale: number): Sum {
  const m1 = c - a - b + 1;
  // Past `settle`, (a+n)(b+n) <= (c+n)(n+1): each later ratio is at most z.
  const settle = m1 > 0 ? (a * b - c) / m1 : Infinity;
  const positive = Math.max(-a, -b, -c);
  let term = first;
  let sum = 0;
  let magnitude = 0;
  for (let n = 1; n < MAX_TERMS; n++) {
    sum += term;
    magnitude += Math.abs(term);
    // (An overflow ends it too: Infinity passes the test below.)
    if (term === 0) return [sum, magnitude];
    // |term|·z is the least the tail bound can be: test that first, it is cheaper.
    if (n > positive && Math.abs(term) * z <= 1e-17 * (1 - z) * (scale + Math.abs(sum))) {
      // Each factor (u+n)/(v+n) tends to 1 monotonically, so max(1, its value now) bounds it from here on.
      const step = z * Math.min(n > settle ? 1 : Infinity, bound(a, c, b, n), bound(b, c, a, n));
      if (step < 1 && Math.abs(term) * step <= 1e-17 * (1 - step) * (scale + Math.abs(sum))) return [sum, magnitude];
    }
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
  }
  return [NaN, NaN];
}

const bound = (u: number, v: number, s: number, n: number): number => Math.max(1, (u + n) / (v + n)) * Math.max(1, (s + n) / (n + 1));

/**
 * 2F1(a, b; c; 1-w) by A&S 15.3.6, m = c-a-b >= 0 (or near 0) and w <= 0.1. With m = k + e, the n = k+l term of the first series and the l term of
 * the second both carry 1/sin(πm) and are equal at e = 0; their difference is written as
 * expm1 of a difference of log-gammas divided by e ({@link logGammaSlope}), so integer and
 * nearly integer m lose nothing. Raises k until a+k, b+k > 0; needs c, c-a, c-b > 0 and e > -1; undefined
 * otherwise, and when it cancels more than CANCEL allows. With `scaled` (pass k >= 1) it returns
 * c/b times 2F1 minus its head term Γ(c)Γ(m)/(Γ(c-a)Γ(c-b)) instead, and c may be in (-1, 0]:
 * each of those terms carries one factor b and one 1/Γ(c), both divided out exactly, which
 * the BG/NBD expectation needs at a = 1 and a+b+x = 1 (its caller adds the head its own way).
 */
export function nearOne(a: number, b: number, c: number, w: number, k: number, scaled: boolean): Sum | undefined {
  while (a + k <= 0 || b + k <= 0) k++;
  const m = c - a - b;
  const e = m - k;
  const p = c - a;
  const q = c - b;
  // Its terms grow to about exp(2 sqrt(|ab|w)) before they fall: beyond 900, too many digits would cancel.
  if (!(c > (scaled ? -1 : 0) && p > 0 && q > 0 && e > -1 && Math.abs(a * b) * w <= 900)) return undefined;
  const logW = Math.log(w);
  const logRatio = logGamma(scaled ? c + 1 : c) - logGamma(p) - logGamma(q);
  let sum = 0;
  let magnitude = 0;
  // The n = 0..k-1 terms of the first series (no pole among them); n = 0 is the head.
  const head = k > 0 ? Math.exp(logRatio + logGamma(m)) : 0;
  let term = head * a * (scaled ? 1 : b) * (w / (1 - m));
  if (!scaled) sum = magnitude = head;
  for (let n = 1; n < k; n++) {
    sum += term;
    magnitude += Math.abs(term);
    term *= ((a + n) * (b + n) * w) / ((1 - m + n) * (n + 1));
  }
  // (-1)^k Γ(c)/(Γ(c-a)Γ(c-b)) πe/sin(πe) (a)_k (b)_k w^k / k!
  const pe = Math.PI * e;
  let u = (-1) ** k * Math.exp(logRatio) * (pe ? pe / Math.sin(pe) : 1);
  for (let i = 0; i < k; i++) u *= ((a + i) * (i === 0 && scaled ? 1 : b + i) * w) / (i + 1);
  // ψ-like slopes at 1+l-e, a+k+l, b+k+l, 1+k+l, moved up one step per l.
  let s1 = logGammaSlope(1 - e, e);
  let sa = logGammaSlope(a + k, e);
  let sb = logGammaSlope(b + k, e);
  let sk = logGammaSlope(1 + k, e);
  for (let l = 0; l < 2000; l++) {
    const slope = sa + sb - sk + logW;
    const diff = s1 - slope;
    const t = u * Math.exp(e * slope) * diff * expm1Ratio(e * diff);
    sum += t;
    magnitude += Math.abs(t);
    const ya = a + k + l;
    const yb = b + k + l;
    const yk = 1 + k + l;
    const y1 = 1 + l - e;
    s1 += log1pRatio(e / y1) / y1;
    sa += log1pRatio(e / ya) / ya;
    sb += log1pRatio(e / yb) / yb;
    sk += log1pRatio(e / yk) / yk;
    // Each factor of the ratio tends to 1 monotonically: its larger of 1 and now bounds what follows.
    const step = w * Math.max(1, ya / yk) * Math.max(1, yb / (l + 1));
    u *= (ya * yb * w) / (yk * (l + 1));
    if (l > 1 && step < 0.5 && Math.abs(t) * 2 * step <= 1e-17 * (1 - step) * magnitude) {
      return scaled || magnitude <= CANCEL * Math.abs(sum) ? [sum, magnitude] : undefined;
    }
  }
  return undefined;
}

/** 2F1(a, b; c; z) for 0 < z < 1, with the magnitude of its terms. */
function positive(a: number, b: number, c: number, z: number): Sum {
  const m = c - a - b;
  if (m < 0 && c > 0) {
    const [f, magnitude] = positive(c - a, c - b, c, z);
    if (magnitude <= CANCEL * Math.abs(f)) {
      const scale = Math.exp(m * Math.log1p(-z) + Math.log(Math.abs(f)));
      return [Math.sign(f) * scale, scale * (magnitude / Math.abs(f))];
    }
  } else if (z > 0.9 && m < 500) {
    const parts = nearOne(a, b, c, 1 - z, Math.round(m), false);
    if (parts) return parts;
  }
  const [tail, magnitude] = seriesTail(a, b, c, z, (a * b * z) / c, 1);
  return [1 + tail, 1 + magnitude];
}

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and z < 1.
 * Relative error at most 1e-9 for a, b, c > 0 and 0 <= z < 1, including large parameters
 * (thousands, as in the BG/NBD expectation of a heavy buyer), c-a-b up to ±100 and c-a-b an
 * integer or nearly so; checked in the tests against a 60-digit rational-arithmetic series
 * up to z = 0.999 and against mpmath up to z = 1 - 1e-12. Also for z < 0 when c >= min(a, b).
 * Cost (measured): a few microseconds typically, up to about 1 ms for parameters up to 50
 * and a few ms for parameters in the thousands near z = 1; never more than 2 million series
 * terms, and NaN rather than a truncated sum if they do not suffice (c < 0 very close to
 * z = 1). Returns Infinity where the true value exceeds the double range, and NaN where the
 * function is not defined here (z >= 1, c a non-positive integer, non-finite input).
 *
 * @example
 * ```ts
 * hyp2f1(1, 1, 2, 0.5) // -ln(1 - 0.5) / 0.5 = 1.3862943611198906
 * ```
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || !Number.isFinite(z) || z >= 1) return NaN;
  if (c <= 0 && Number.isInteger(c)) return NaN;
  if (z === 0 || a === 0 || b === 0) return 1;
  if (z < 0) {
    // Pfaff: 2F1(a,b;c;z) = (1-z)^(-a) 2F1(a, c-b; c; w) = (1-z)^(-b) 2F1(c-a, b; c; w), w = z/(z-1) in (0, 1).
    // Pick the form whose parameters stay positive, so the series in w has no cancellation.
    const w = z / (z - 1);
    if (c - b >= 0 || c - a < 0) return Math.pow(1 - z, -a) * hyp2f1(a, c - b, c, w);
    return Math.pow(1 - z, -b) * hyp2f1(c - a, b, c, w);
  }
  return positive(a, b, c, z)[0];
}
