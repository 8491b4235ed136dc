/**
 * Log-gamma and the small helpers that keep 2F1 and the BG/NBD expectation accurate where
 * two nearly equal quantities would otherwise be subtracted.
 *
 * @packageDocumentation
 */

// Stirling's series: B(2j) / (2j (2j-1)), j = 1..6.
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360];

/**
 * ln Γ(x) for x > 0: Stirling's series at x + n >= 16 (error below 1e-17 there), divided back
 * by x (x+1) ... (x+n-1). 0.9189385332046727 is ln(2π)/2.
 */
export function logGamma(x: number): number {
  let product = 1;
  for (; x < 16; x++) product *= x;
  let sum = 0;
  let power = 1 / x;
  for (const c of STIRLING) {
    sum += c * power;
    power /= x * x;
  }
  return (x - 0.5) * Math.log(x) - x + 0.9189385332046727 + sum - Math.log(product);
}

/** log1p(u)/u, continuous at 0. */
export const log1pRatio = (u: number): number => (u === 0 ? 1 : Math.log1p(u) / u);

/** expm1(v)/v, continuous at 0. */
export const expm1Ratio = (v: number): number => (v === 0 ? 1 : Math.expm1(v) / v);

/**
 * (lnΓ(y+e) − lnΓ(y)) / e for y > 0 and y + e > 0, and ψ(y) at e = 0: to full relative
 * accuracy however small e is, which a difference of two log-gammas cannot give. Shifts y
 * up to 16 (one log1p per step, each exact to a few ulps), then Stirling's series with every
 * difference of powers written as an expm1.
 */
export function logGammaSlope(y: number, e: number): number {
  let shift = 0;
  for (; y < 16; y++) shift -= log1pRatio(e / y) / y;
  const u = e / y;
  const l = log1pRatio(u);
  let sum = ((y - 0.5) / y) * l + Math.log(y + e) - 1 + shift;
  let power = 1;
  for (let j = 0; j < STIRLING.length; j++) {
    power /= y * y;
    const odd = -1 - 2 * j; // 1 - 2(j+1)
    sum += STIRLING[j]! * power * odd * l * expm1Ratio(odd * u * l);
  }
  return sum;
}
