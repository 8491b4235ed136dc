// NudgeKit with a bundler: each feature is its own entry, so a page carries only what it
// imports. `nudgekit` alone tracks and delivers; `nudgekit/lifecycle` adds the profile and
// stage, `nudgekit/rules` the rules and nudges, `nudgekit/dom` the default renderer (a
// headless app leaves it out and renders nudges itself with nk.on('nudge', ...)).
import { createNudgeKit } from 'nudgekit';
import { lifecycle } from 'nudgekit/lifecycle';
import { targeting, rule, welcomeBack, firstConversion } from 'nudgekit/rules';
import { domRenderer } from 'nudgekit/dom';

// The collector from `node examples/collector/server.mjs`; with Vite, set VITE_NUDGEKIT_ENDPOINT to change it.
const endpoint = import.meta.env?.VITE_NUDGEKIT_ENDPOINT ?? 'http://127.0.0.1:4400/v1/batch';

const nk = createNudgeKit({
  endpoint,
  writeKey: 'demo-write-key',
  features: [
    lifecycle({ conversionEvents: ['purchase'], revenueProperty: 'revenue' }),
    targeting({
      rules: [
        welcomeBack({ holdout: 0.1 }),
        firstConversion({ delayMs: 5000 }),
        rule('pricing-help')
          .on({ page: '/pricing*' })
          .when({ stage: { $in: ['potential', 'silent'] } })
          .show({
            type: 'banner',
            placement: 'bottom',
            title: 'Questions about plans?',
            body: 'Compare them side by side, or ask us anything.',
            primary: { label: 'Compare plans', url: '/pricing#compare' },
          })
          .cap({ perSession: 1, perWeek: 2 })
          .priority(5),
      ],
      renderer: domRenderer({ theme: { accent: '#2e6b4f' } }),
    }),
  ],
  onError: (err) => console.warn(`[nudgekit] ${err.code}: ${err.message}`),
});

nk.page();
nk.on('stageChange', ({ from, to }) => console.info(`lifecycle stage: ${from} -> ${to}`));

document.querySelector('#buy')?.addEventListener('click', () => {
  nk.track('purchase', { revenue: 49, currency: 'EUR', plan: 'pro' });
});
document.querySelector('#profile')?.addEventListener('click', () => {
  // profile() is undefined only for a client without lifecycle(); this one has it.
  const profile = nk.profile();
  if (!profile) return;
  const { stage, tier, conversions } = profile;
  document.querySelector('#out').textContent = `stage ${stage}, tier ${tier}, ${conversions.count} purchase(s)`;
});
