/**
 * Compile-time checks, run by `npm run typecheck`: each `@ts-expect-error` line must
 * fail to compile, so loosening a public type breaks the build.
 */
import { createNudgeKit, type NudgeKit } from '../../src/index';
import { rule } from '../../src/entries/rules';

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
