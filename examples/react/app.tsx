/**
 * A minimal app wiring: one NudgeKit client for the page, no DOM renderer (headless), the
 * app's own <NudgeSlot> for every nudge.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createNudgeKit, welcomeBack, firstConversion, remindMe } from 'nudgekit';
import { NudgeSlot } from './nudge-card';

const nk = createNudgeKit({
  endpoint: '/v1/batch',
  writeKey: 'wk_demo',
  rules: [welcomeBack(), firstConversion({ nudge: { body: '10% off your first order.' } }), remindMe()],
  onError: (error) => console.warn(error.code, error.message),
});

function App() {
  return (
    <>
      <header>
        <h1>Example shop</h1>
      </header>
      <main>
        <button type="button" onClick={() => nk.track('add_to_cart', { sku: 'tea-01', price: 7.5 })}>
          Add tea to cart
        </button>
      </main>
      <NudgeSlot nk={nk} />
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
