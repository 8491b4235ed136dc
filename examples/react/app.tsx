/**
 * A minimal app wiring: one NudgeKit client for the page, no DOM renderer (headless), the
 * app's own <NudgeSlot> for every nudge. `main.tsx` mounts it; tests mount it with their own
 * clock, store and transport.
 */
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createNudgeKit, type NudgeKit, type NudgeKitConfig } from 'nudgekit';
import { lifecycle } from 'nudgekit/lifecycle';
import { firstConversion, remindMe, targeting, welcomeBack } from 'nudgekit/rules';
import { NudgeSlot } from './nudge-card';

/** The reference collector (`node examples/collector/server.mjs`) and its default write key. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4400/v1/batch';
export const DEFAULT_WRITE_KEY = 'demo-write-key';

/**
 * Where events go and how the app follows a nudge's link. Any other `createNudgeKit` option
 * (a clock, a store, a transport) passes through.
 */
export interface AppOptions extends Omit<NudgeKitConfig, 'endpoint' | 'writeKey'> {
  endpoint?: string;
  writeKey?: string;
  /** Follows a clicked action's URL; pass your router's navigate. Default `location.assign`. */
  navigate?: (url: string) => void;
}

/** The client with the recall presets this shop runs. */
export function createShopClient({ endpoint = DEFAULT_ENDPOINT, writeKey = DEFAULT_WRITE_KEY, navigate: _navigate, ...config }: AppOptions = {}): NudgeKit {
  return createNudgeKit({
    features: [
      lifecycle({ conversionEvents: ['purchase'], revenueProperty: 'revenue' }),
      // No renderer: the app's own <NudgeSlot> shows every nudge (headless).
      targeting({ rules: [welcomeBack(), firstConversion({ nudge: { body: '10% off your first order.' } }), remindMe()] }),
    ],
    onError: (error) => console.warn(error.code, error.message),
    ...config,
    endpoint,
    writeKey,
  });
}

export function App({ nk, navigate }: { nk: NudgeKit; navigate?: (url: string) => void }) {
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
      <NudgeSlot nk={nk} navigate={navigate} />
    </>
  );
}

/**
 * Renders the app into `element`. Pass `nk` to mount against a client that already runs (a
 * UI that mounts late); otherwise one is created from `options`.
 */
export function mountApp(element: HTMLElement, options: AppOptions & { nk?: NudgeKit } = {}): { nk: NudgeKit; root: Root } {
  const { nk = createShopClient(options), navigate } = options;
  const root = createRoot(element);
  root.render(
    <StrictMode>
      <App nk={nk} navigate={navigate} />
    </StrictMode>,
  );
  return { nk, root };
}
