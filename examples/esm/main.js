// NudgeKit with a bundler: named imports, so the bundler keeps only what you use.
// `nudgekit/dom` (the default renderer) is a separate entry: a headless app can leave it out.
import { createNudgeKit, rule, welcomeBack, firstConversion } from 'nudgekit';
import { domRenderer } from 'nudgekit/dom';

// The collector from `node examples/collector/server.mjs`; with Vite, set VITE_NUDGEKIT_ENDPOINT to change it.
const endpoint = import.meta.env?.VITE_NUDGEKIT_ENDPOINT ?? 'http://127.0.0.1:4400/v1/batch';

const nk = createNudgeKit({
  endpoint,
  writeKey: 'demo-write-key',
  lifecycle: { conversionEvents: ['purchase'], revenueProperty: 'revenue' },
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
  onError: (err) => console.warn(`[nudgekit] ${err.code}: ${err.message}`),
});

nk.page();
nk.on('stageChange', ({ from, to }) => console.info(`lifecycle stage: ${from} -> ${to}`));

document.querySelector('#buy')?.addEventListener('click', () => {
  nk.track('purchase', { revenue: 49, currency: 'EUR', plan: 'pro' });
});
document.querySelector('#profile')?.addEventListener('click', () => {
  const { stage, tier, conversions } = nk.profile();
  document.querySelector('#out').textContent = `stage ${stage}, tier ${tier}, ${conversions.count} purchase(s)`;
});
