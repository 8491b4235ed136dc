/**
 * One treatment against the control: GrowthBook's frequentist two-sided t-test on the relative
 * lift (gbstats `TwoSidedTTest`), from the per-arm means and variances.
 *
 * @packageDocumentation
 */
import { studentTQuantile, studentTTwoSided } from './t-distribution';

export interface ArmMoments {
  users: number;
  mean: number;
  variance: number;
}

export type Comparison =
  | { ok: true; lift: number; ci: [number, number]; stdError: number; df: number; pValue: number }
  | { ok: false; reason: string };

/**
 * lift = (m_t − m_c) / m_c; its delta-method variance v_t / (n_t m_c²) + v_c m_t² / (n_c m_c⁴);
 * Welch–Satterthwaite df; p = 2 P(T > |lift / se|); CI = lift ± t(1 − alpha/2, df) · se.
 */
export function compareArms(control: ArmMoments, treatment: ArmMoments, alpha: number): Comparison {
  const { users: nc, mean: mc, variance: vc } = control;
  const { users: nt, mean: mt, variance: vt } = treatment;
  if (mc === 0) return { ok: false, reason: 'the control mean is 0, so a relative lift is undefined' };
  if (mc < 0) return { ok: false, reason: 'the control mean is negative, so a relative lift would have the wrong sign' };
  const variance = vt / (nt * mc * mc) + (vc * mt * mt) / (nc * mc * mc * mc * mc);
  if (!(variance > 0 && variance < Infinity)) {
    return { ok: false, reason: 'the lift has zero variance (no conversions in the treatment, or no spread in either arm)' };
  }
  // (a + b)² / (a²/(n_t−1) + b²/(n_c−1)) with a = v_t/n_t, b = v_c/n_c, as shares so nothing overflows.
  const both = vt / nt + vc / nc;
  const a = vt / nt / both;
  const b = vc / nc / both;
  const df = 1 / ((a * a) / (nt - 1) + (b * b) / (nc - 1));
  const lift = (mt - mc) / mc;
  const stdError = Math.sqrt(variance);
  const width = studentTQuantile(1 - alpha / 2, df) * stdError;
  const pValue = studentTTwoSided(lift / stdError, df);
  if (!Number.isFinite(lift) || !(pValue >= 0) || !Number.isFinite(width)) return { ok: false, reason: 'the totals are too large to compare' };
  return { ok: true, lift, ci: [lift - width, lift + width], stdError, df, pValue };
}
