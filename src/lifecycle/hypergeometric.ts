/**
 * The Gauss hypergeometric function 2F1, as the BG/NBD expectation needs it.
 *
 * Strategy (Abramowitz & Stegun ch. 15):
 * - z < 0: Pfaff's transformation 15.3.4 maps z to z/(z-1), which lies in (0, 1); of its two
 *   forms, the one keeping the parameters positive.
 * - 0 <= z <= 0.75, or z closer to 1 when c-a-b is (nearly) an integer: the power series,
 *   whose terms are all positive in the BG/NBD range (a, b, c > 0), so summing them loses
 *   nothing to cancellation.
 * - 0.75 < z < 1: the 1-z transformation 15.3.6, two series in 1-z that converge fast.
 *   It divides by sin(pi (c-a-b)), so it is only used when c-a-b is at least 0.05 away
 *   from an integer, and its result is only kept when its parts cancel by less than four
 *   digits (large parameters make them huge and of opposite sign); otherwise the series is
 *   summed further (slower; with positive terms it loses nothing).
 *
 * @packageDocumentation
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** log|Γ(x)| and the sign of Γ(x); sign 0 at the poles (x a non-positive integer). */
function logGamma(x: number): { log: number; sign: number } {
  if (x <= 0 && Number.isInteger(x)) return { log: Infinity, sign: 0 };
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1-x) = π / sin(πx).
    const s = Math.sin(Math.PI * x);
    const other = logGamma(1 - x);
    return { log: Math.log(Math.PI / Math.abs(s)) - other.log, sign: Math.sign(s) * other.sign };
  }
  const y = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return { log: HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum), sign: 1 };
}

/**
 * The power series Σ (a)_n (b)_n / ((c)_n n!) z^n, for |z| < 1. `stats.magnitude` receives the
 * sum of the absolute values of the terms, a measure of cancellation.
 */
function series(a: number, b: number, c: number, z: number, stats?: { magnitude: number }): number {
  let term = 1;
  let sum = 1;
  let magnitude = 1;
  for (let n = 0; n < 20_000_000; n++) {
    const ratio = ((a + n) * (b + n)) / ((c + n) * (n + 1));
    term *= ratio * z;
    sum += term;
    magnitude += Math.abs(term);
    if (term === 0) break; // a terminating series (a or b a non-positive integer)
    const step = Math.abs(ratio * z);
    // Once the terms shrink, the tail is at most term * step / (1 - step).
    if (step < 1 && Math.abs(term) * (step / (1 - step) + 1) <= 1e-17 * Math.abs(sum)) break;
  }
  if (stats) stats.magnitude = magnitude;
  return sum;
}

function nearInteger(x: number, distance: number): boolean {
  return Math.abs(x - Math.round(x)) < distance;
}

/**
 * A&S 15.3.6 for z in (0.75, 1), when c-a-b is not an integer. Returns NaN when its two terms
 * (or the terms inside them) cancel so much that digits would be lost; the caller then sums the
 * plain series instead.
 */
function oneMinusZ(a: number, b: number, c: number, z: number): number {
  const w = 1 - z;
  const m = c - a - b;
  const gc = logGamma(c);
  const first = [logGamma(m), logGamma(c - a), logGamma(c - b)] as const;
  const second = [logGamma(-m), logGamma(a), logGamma(b)] as const;
  let result = 0;
  let magnitude = 0;
  const stats = { magnitude: 0 };
  if (first[1].sign !== 0 && first[2].sign !== 0) {
    const coefficient = gc.sign * first[0].sign * first[1].sign * first[2].sign * Math.exp(gc.log + first[0].log - first[1].log - first[2].log);
    result += coefficient * series(a, b, 1 - m, w, stats);
    magnitude += Math.abs(coefficient) * stats.magnitude;
  }
  if (second[1].sign !== 0 && second[2].sign !== 0) {
    const logCoefficient = gc.log + second[0].log - second[1].log - second[2].log + m * Math.log(w);
    const coefficient = gc.sign * second[0].sign * second[1].sign * second[2].sign * Math.exp(logCoefficient);
    result += coefficient * series(c - a, c - b, 1 + m, w, stats);
    magnitude += Math.abs(coefficient) * stats.magnitude;
  }
  // Each part carries a relative error of about 1e-14 (log-gamma of arguments up to ~1e3);
  // allow the sum to lose at most 4 more digits to cancellation.
  return Number.isFinite(magnitude) && magnitude <= 1e4 * Math.abs(result) ? result : NaN;
}

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and z < 1.
 * Relative error at most 1e-9 for a, b, c > 0 and 0 <= z < 1 (the BG/NBD range), and for
 * z < 0 when c >= min(a, b); checked in the tests against an exact rational-arithmetic
 * reference. For z < 0 with c < min(a, b) both Pfaff forms alternate in sign and digits are
 * lost (not used by the model). Returns NaN where the function is not defined here (z >= 1,
 * c a non-positive integer, non-finite input).
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
  if (z > 0.75 && !nearInteger(c - a - b, 0.05)) {
    const transformed = oneMinusZ(a, b, c, z);
    if (!Number.isNaN(transformed)) return transformed;
  }
  return series(a, b, c, z);
}
