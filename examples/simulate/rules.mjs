/**
 * The rules the simulated shop runs. The experiment: a first-purchase offer shown on a product
 * view to users who never bought, in two variants and a 20% holdout, with purchase within
 * 7 days as its goal. Plus a welcome-back nudge for users who return after a silence.
 */
import { validateRules } from 'nudgekit/rules';

const DAY = 86_400_000;
export const EXPERIMENT_ID = 'first-purchase-offer';
export const GOAL = { event: 'purchase', withinMs: 7 * DAY };

const offer = {
  id: EXPERIMENT_ID,
  trigger: { event: 'product_viewed' },
  when: { stage: 'potential' },
  holdout: 0.2,
  goal: GOAL,
  cap: { lifetime: 1 },
};

/** Arms a and b, equal weights: with the holdout, shares 0.2 / 0.4 / 0.4. */
export const VARIANT_RULE = {
  ...offer,
  version: 1,
  variants: [
    { id: 'a', weight: 1, nudge: { type: 'toast', body: 'Free shipping on your first order.' } },
    { id: 'b', weight: 1, nudge: { type: 'modal', title: '10% off your first order', body: 'Use it within a week.', primary: { label: 'Shop now', url: '/shop' } } },
  ],
};

/** The same experiment as one nudge and a holdout, for an SDK without variants: arms `default` and `holdout`. */
export const SINGLE_RULE = { ...offer, nudge: { type: 'toast', body: 'Free shipping on your first order.' } };

export const WELCOME_BACK = {
  id: 'welcome-back',
  trigger: { stageChange: { to: 'resurrected' } },
  nudge: { type: 'banner', body: 'Welcome back! Here is what is new.' },
  cap: { perDay: 1 },
};

/**
 * Whether this build of the SDK accepts rules with `variants` (issue #13); without them the
 * simulation runs the single-nudge experiment.
 *
 * @example
 * ```js
 * const rules = variantsSupported() ? [VARIANT_RULE, WELCOME_BACK] : [SINGLE_RULE, WELCOME_BACK];
 * ```
 * @returns {boolean}
 */
export function variantsSupported() {
  return validateRules([VARIANT_RULE]).issues.length === 0;
}
