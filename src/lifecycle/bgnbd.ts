/**
 * The BG/NBD model of Fader, Hardie and Lee (2005), "Counting Your Customers the Easy Way:
 * An Alternative to the Pareto/NBD Model", Marketing Science 24(2). Closed forms from the
 * paper: P(alive) (eq. 13 in the technical note) and the conditional expectation (eq. 10).
 *
 * @packageDocumentation
 */
import { hyp2f1 } from './hypergeometric';

/**
 * One customer's history, all times in the unit the parameters were fitted in.
 * `x`: repeat conversions (conversions after the first); `tx`: time of the last conversion,
 * counted from the first; `T`: time from the first conversion to now.
 *
 * @example
 * ```ts
 * // 4 conversions over 3 weeks, the last one 2 weeks ago, in weeks:
 * const customer: BgNbdCustomer = { x: 3, tx: 3, T: 5 };
 * ```
 */
export interface BgNbdCustomer {
  x: number;
  tx: number;
  T: number;
}

/**
 * Population parameters: purchase rates ~ Gamma(r, alpha), drop-out probability ~ Beta(a, b).
 *
 * @example
 * ```ts
 * const cdnow: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }; // the paper's fit, in weeks
 * ```
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** a/(b+x-1) ((α+T)/(α+tx))^(r+x): the odds that the customer has dropped out (0 when x = 0). */
function dropoutOdds(customer: BgNbdCustomer, params: BgNbdParams): number {
  const { x, tx, T } = customer;
  if (x <= 0) return 0;
  const { r, alpha, a, b } = params;
  return Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
}

/**
 * P(alive | x, tx, T): the probability that a customer with this history has not dropped
 * out. It is 1 for a customer with no repeat conversion (in BG/NBD a customer can only drop
 * out right after a purchase), and falls towards 0 as the silence after a regular buyer's
 * last conversion grows. Returns NaN for invalid input.
 *
 * @example
 * ```ts
 * probabilityAlive({ x: 1, tx: 1, T: 3 }, { r: 1, alpha: 1, a: 1, b: 1 }) // 1 / (1 + 4) = 0.2
 * ```
 */
export function probabilityAlive(customer: BgNbdCustomer, params: BgNbdParams): number {
  if (!validCustomer(customer) || !validParams(params)) return NaN;
  return 1 / (1 + dropoutOdds(customer, params));
}

/**
 * E[Y(t) | x, tx, T]: the expected number of conversions in the next `t` time units.
 * Needs 2F1(r+x, b+x; a+b+x-1; t/(α+T+t)). The formula divides by a-1; at a = 1 it has a
 * removable singularity, handled by averaging a = 1 ± 1e-6. Returns NaN for invalid input.
 *
 * @example
 * ```ts
 * expectedConversions(4, { x: 2, tx: 30, T: 38 }, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 })
 * ```
 */
export function expectedConversions(t: number, customer: BgNbdCustomer, params: BgNbdParams): number {
  if (!(t >= 0) || !Number.isFinite(t) || !validCustomer(customer) || !validParams(params)) return NaN;
  if (t === 0) return 0;
  if (Math.abs(params.a - 1) < 1e-6) {
    const below = expectation(t, customer, { ...params, a: 1 - 1e-6 });
    const above = expectation(t, customer, { ...params, a: 1 + 1e-6 });
    return (below + above) / 2;
  }
  return expectation(t, customer, params);
}

function expectation(t: number, customer: BgNbdCustomer, params: BgNbdParams): number {
  const { x, T } = customer;
  const { r, alpha, a, b } = params;
  const shrink = Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t)));
  const hyper = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - shrink * hyper);
  return numerator / (1 + dropoutOdds(customer, params));
}

function validCustomer(c: BgNbdCustomer): boolean {
  return (
    typeof c === 'object' && c !== null && Number.isFinite(c.x) && c.x >= 0 && Number.isFinite(c.tx) && c.tx >= 0 && Number.isFinite(c.T) && c.T >= c.tx
  );
}

function validParams(p: BgNbdParams): boolean {
  return typeof p === 'object' && p !== null && [p.r, p.alpha, p.a, p.b].every((v) => Number.isFinite(v) && v > 0);
}
