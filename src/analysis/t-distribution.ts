/**
 * Student's t distribution for any real degrees of freedom > 0 (fractional and below 1
 * included): tails, CDF and quantile, through the incomplete beta function
 * P(|T| > t) = I_{df/(df+t²)}(df/2, 1/2).
 *
 * @packageDocumentation
 */
import { logGammaSlope } from '../lifecycle/gamma';
import { betaSeries, incompleteBeta } from './beta';
import { studentTLogDensity, studentTTailIntegral } from './t-tail';

/** Above this df the central part comes from a series and the tail from the density's integral. */
const LARGE_DF = 1000;

/** P(T > |t|) and P(0 < T < |t|), each accurate on its own (neither is 0.5 minus the other). */
export interface TPair {
  tail: number;
  central: number;
}

/** The two halves of the t distribution beyond and within |t|. */
export function studentTPair(t: number, df: number): TPair {
  if (!(df > 0) || Number.isNaN(t)) return { tail: NaN, central: NaN };
  const abs = Math.abs(t);
  if (abs === Infinity) return { tail: 0, central: 0.5 };
  // x = df/(df+t²) and y = t²/(df+t²) from a ratio at most 1, so t² never overflows.
  const small = abs * abs < df;
  const root = small ? abs / Math.sqrt(df) : Math.sqrt(df) / abs;
  if (!small && root < 1e-100) {
    // x = r/(1+r) would underflow; I_x(a, 1/2) = x^a / (a B(a, 1/2)) · (1 + O(x)) with x ≈ root².
    const a = df / 2;
    const tail = Math.exp(2 * a * Math.log(root) - logBetaHalf(a)) / (2 * a);
    return { tail, central: 0.5 - tail };
  }
  const r = root * root;
  const x = small ? 1 / (1 + r) : r / (1 + r);
  const y = small ? r / (1 + r) : 1 / (1 + r);
  if (df > LARGE_DF) {
    const central = betaSeries(0.5, df / 2, y, x) / 2;
    if (central < 0.25) return { tail: 0.5 - central, central };
    const tail = studentTTailIntegral(abs, df);
    return { tail, central: Number.isNaN(central) ? 0.5 - tail : central };
  }
  const { lower, upper } = incompleteBeta(df / 2, 0.5, x, y);
  return { tail: lower / 2, central: upper / 2 };
}

/** P(T <= t). */
export function studentTCdf(t: number, df: number): number {
  const { tail, central } = studentTPair(t, df);
  return t < 0 ? tail : 0.5 + central;
}

/** P(T > t). */
export function studentTSf(t: number, df: number): number {
  const { tail, central } = studentTPair(t, df);
  return t > 0 ? tail : 0.5 + central;
}

/** Two-sided p-value P(|T| >= |t|), without the 1 − CDF that would round small p-values to 0. */
export function studentTTwoSided(t: number, df: number): number {
  return Math.min(1, 2 * studentTPair(t, df).tail);
}

/** Abramowitz & Stegun 26.2.23 (error < 4.5e-4): the normal quantile for q in (0, 0.5], only a starting point. */
function roughNormalUpper(q: number): number {
  const w = Math.sqrt(-2 * Math.log(q));
  return w - (2.515517 + 0.802853 * w + 0.010328 * w * w) / (1 + 1.432788 * w + 0.189269 * w * w + 0.001308 * w * w * w);
}

/** ln t is searched between these: t from 1e-330 to 1e308. */
const LOG_MIN = -760;
const LOG_MAX = 709.7;

/**
 * t > 0 with P(T > t) = q for q in (0, 0.5). Newton's method on s = ln t, where the log of the
 * tail (q < 0.25) or of the central part (q >= 0.25) is nearly linear in s for a heavy or a
 * light tail alike, kept inside a bracket that halves whenever a Newton step leaves it.
 */
function upperQuantile(q: number, df: number): number {
  const useTail = q < 0.25;
  const target = Math.log(useTail ? q : 0.5 - q); // 0.5 − q is exact for q in [0.25, 0.5]
  // f(s) increases with s and is 0 at the answer; f' = t · density / (the probability used).
  const evaluate = (s: number): [number, number] => {
    const pair = studentTPair(Math.exp(s), df);
    const part = useTail ? pair.tail : pair.central;
    const f = useTail ? target - Math.log(part) : Math.log(part) - target;
    return [f, Math.exp(s + studentTLogDensity(Math.exp(s), df) - Math.log(part))];
  };
  const a = df / 2;
  const heavy = 0.5 * (Math.log(df) - (Math.log(2 * q * a) + logBetaHalf(a)) / a);
  const normal = Math.log(roughNormalUpper(q));
  let s = Math.abs(evaluate(clamp(heavy))[0]) < Math.abs(evaluate(normal)[0]) ? clamp(heavy) : normal;
  let lo = LOG_MIN;
  let hi = LOG_MAX;
  for (let i = 0; i < 300; i++) {
    const [f, slope] = evaluate(s);
    if (f === 0) break;
    if (f > 0) hi = s;
    else lo = s;
    let next = s - f / slope;
    if (!(next > lo && next < hi)) next = lo / 2 + hi / 2;
    const done = Math.abs(next - s) <= 2e-16 * Math.max(1, Math.abs(s));
    s = next;
    if (done || hi - lo <= 2e-16 * Math.max(1, Math.abs(lo))) break;
  }
  return s >= LOG_MAX ? Infinity : Math.exp(s);
}

function clamp(s: number): number {
  return Number.isFinite(s) ? Math.min(LOG_MAX - 1, Math.max(LOG_MIN + 1, s)) : 0;
}

/** ln B(a, 1/2), for the heavy-tail starting point t² ≈ df (2 q a B(a, 1/2))^(−1/a). */
function logBetaHalf(a: number): number {
  return 0.5 * Math.log(Math.PI) - 0.5 * logGammaSlope(a, 0.5);
}

/**
 * The t quantile: t with P(T <= t) = p. ±Infinity at p = 0 or 1, NaN outside the domain.
 * `1 − p` for p >= 0.5 is exact in floating point, so 0.975 gives the same q SciPy uses.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df > 0) || !(p >= 0 && p <= 1)) return NaN;
  if (p === 0.5) return 0;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const t = upperQuantile(p < 0.5 ? p : 1 - p, df);
  return p < 0.5 ? -t : t;
}
