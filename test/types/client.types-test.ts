/**
 * Compile-time checks, run by `npm run typecheck`: each `@ts-expect-error` line must
 * fail to compile, so loosening a public type breaks the build.
 */
import { createNudgeKit, type NudgeKit } from '../../src/index';
import { loadRules, rule, safeRegex, targeting } from '../../src/entries/rules';
import { bgnbd, lifecycle } from '../../src/entries/lifecycle';

type AppEvents = {
  add_to_cart: { sku: string; price: number };
  purchase: { revenue: number; currency?: string };
  logout: undefined;
};

declare const nk: NudgeKit<AppEvents>;

nk.track('add_to_cart', { sku: 'A-1', price: 20 });
nk.track('purchase', { revenue: 10 });
nk.track('logout');

// @ts-expect-error an event name the app did not declare
nk.track('add_to_kart', { sku: 'A-1', price: 20 });
// @ts-expect-error a property of the wrong type
nk.track('purchase', { revenue: '10' });
// @ts-expect-error a required property missing
nk.track('add_to_cart', { sku: 'A-1' });

// Without an event map any name and properties are accepted.
createNudgeKit().track('anything', { at: 1 });

// @ts-expect-error consent has two values
nk.setConsent('maybe');

// @ts-expect-error an unknown option
createNudgeKit({ endpont: 'https://x.test' });

// @ts-expect-error a trigger form that does not exist
rule('x').on({ click: 'button' });

nk.on('stageChange', (change) => {
  // @ts-expect-error stages are a closed set
  if (change.to === 'dormant') return;
});

// Features: the profile exists only with lifecycle(), so profile() may be undefined.
// @ts-expect-error possibly undefined without a check
nk.profile().stage;
const stage: string | undefined = nk.profile()?.stage;
void stage;

// @ts-expect-error options of the one-block client moved into features
createNudgeKit({ rules: [] });
// @ts-expect-error a wire format is imported (posthogFormat from nudgekit/formats), not named
createNudgeKit({ endpoint: '/v1/batch', format: 'posthog' });
createNudgeKit({ features: [lifecycle({ conversionEvents: ['purchase'] }), targeting({ rules: [rule('x').on({ event: 'go' }).show({ type: 'toast', body: 'Hi' })], regex: safeRegex })] });
// @ts-expect-error a churn model is made by bgnbd(), not given as parameters
lifecycle({ churnModel: { r: 1, alpha: 1, a: 1, b: 1 } });
lifecycle({ churnModel: bgnbd({ r: 1, alpha: 1, a: 1, b: 1 }) });

// loadRules takes the client first.
void loadRules(nk, '/rules.json', { timeoutMs: 5000 });
