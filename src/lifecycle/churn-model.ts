/**
 * A churn model is an import passed to `lifecycle({ churnModel })`, so a page without one
 * carries none of its maths (the BG/NBD closed forms need the Gauss hypergeometric function).
 */
import { ConfigError } from '../core/errors';
import { expectedConversions, probabilityAlive, type BgNbdCustomer } from './bgnbd';

/**
 * What the profile asks of a churn model: P(alive) and the expected number of conversions,
 * from the user's conversion history in the model's time unit.
 *
 * @example
 * ```ts
 * const model: ChurnModel = bgnbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unitDays: 7 });
 * model.pAlive({ x: 3, tx: 3, T: 5 });
 * ```
 */
export interface ChurnModel {
  /** The model's name, e.g. `'bgnbd'`: shown next to P(alive) by a UI that explains it. */
  readonly name: string;
  /** Days per model time unit (1 = fitted in days, 7 = in weeks). */
  readonly unitDays: number;
  /** `atRisk` is set when P(alive) is under this while the stage reads new, active or resurrected. */
  readonly atRiskBelow: number;
  /** P(alive | x, tx, T); NaN for invalid input. */
  pAlive(customer: BgNbdCustomer): number;
  /** Expected conversions in the next `t` units; NaN for invalid input. */
  expected(t: number, customer: BgNbdCustomer): number;
}

/**
 * BG/NBD parameters fitted by a backend (see docs/lifecycle.md), and how to read the result.
 *
 * @example
 * ```ts
 * bgnbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unitDays: 7, atRiskBelow: 0.5 })
 * ```
 */
export interface ChurnModelOptions {
  r: number;
  alpha: number;
  a: number;
  b: number;
  /** Days per model time unit (1 = fitted in days, 7 = in weeks). Default 1. */
  unitDays?: number;
  /** `atRisk` is set when P(alive) is under this while the stage reads new, active or resurrected. Default 0.5. */
  atRiskBelow?: number;
}

/**
 * The BG/NBD model (Fader, Hardie & Lee 2005) as a churn model for `lifecycle()`. Throws a
 * `ConfigError` naming the first bad parameter.
 *
 * BG/NBD gives P(alive) = 1 to a customer with no repeat conversion: in the model, a
 * customer can only drop out right after a purchase. A one-time buyer who has been silent
 * for months is therefore "alive" by the model while the stage reads `churned`.
 *
 * @example
 * ```ts
 * import { lifecycle, bgnbd } from 'nudgekit/lifecycle';
 * lifecycle({ churnModel: bgnbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unitDays: 7 }) });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function bgnbd(options: ChurnModelOptions): ChurnModel {
  const o = (options ?? {}) as unknown as Record<string, unknown>;
  const check = (key: string, ok: (n: number) => boolean, what: string) => {
    const n = o[key];
    if (typeof n !== 'number' || !Number.isFinite(n) || !ok(n)) throw new ConfigError(`churnModel.${key}`, `expected ${what}`);
  };
  for (const key of ['r', 'alpha', 'a', 'b']) check(key, (n) => n > 0, 'a positive number');
  if (o.unitDays !== undefined) check('unitDays', (n) => n > 0, 'a positive number');
  if (o.atRiskBelow !== undefined) check('atRiskBelow', (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
  const params = { r: options.r, alpha: options.alpha, a: options.a, b: options.b };
  return {
    name: 'bgnbd',
    unitDays: options.unitDays ?? 1,
    atRiskBelow: options.atRiskBelow ?? 0.5,
    pAlive: (customer) => probabilityAlive(customer, params),
    expected: (t, customer) => expectedConversions(t, customer, params),
  };
}
