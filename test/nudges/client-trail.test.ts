/**
 * The whole path in happy-dom: a rule fires in the real client, the DOM renderer shows the
 * nudge, the user clicks or presses Escape, and every lifecycle event goes through the
 * delivery queue to the backend (a recording transport) with the rule id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type NudgeKitError } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { domRenderer } from '../../src/entries/dom';
import type { RuleDefinition } from '../../src/rules/types';
import { withStandardFeatures } from '../helpers/features';

const RULES: RuleDefinition[] = [
  { id: 'cart-help', trigger: { event: 'add_to_cart' }, nudge: { type: 'modal', title: 'Need help?', primary: { label: 'Chat', url: '/chat' } }, priority: 1 },
  { id: 'promo', trigger: { event: 'view_item' }, nudge: { type: 'toast', title: 'Free shipping', autoDismissMs: 5000 } },
];

async function setUp() {
  const clock = createManualClock(new Date(2026, 0, 5, 9, 0).getTime());
  const store = memoryStore();
  const errors: NudgeKitError[] = [];
  const navigated: string[] = [];
  const sent: Array<{ type: string; event?: string; properties?: Record<string, unknown> }> = [];
  const nk = createNudgeKit(withStandardFeatures({
    clock,
    store,
    endpoint: 'https://collect.test/v1/batch',
    gzip: false,
    transport: async (request) => {
      sent.push(...(JSON.parse(String(request.body)) as { batch: typeof sent }).batch);
      return { status: 200 };
    },
    rules: RULES,
    renderer: domRenderer({ navigate: (url) => void navigated.push(url) }),
    onError: (error) => void errors.push(error),
  }));
  await nk.ready();
  const queued = async () => {
    await nk.flush();
    expect(await store.size()).toEqual({ count: 0, bytes: 0 }); // everything left the queue only after a 2xx
    return sent.filter((event) => event.event?.startsWith('nudge_')).map((event): Record<string, unknown> => ({ event: event.event, ...event.properties }));
  };
  const root = () => document.querySelector('[data-nudgekit]')?.shadowRoot;
  return { nk, clock, errors, navigated, queued, root };
}

afterEach(() => document.body.replaceChildren());

describe('the event trail through the client', () => {
  it('queues nudge_shown and nudge_clicked with the rule id when the user clicks', async () => {
    const { nk, queued, root, navigated, errors } = await setUp();
    nk.track('add_to_cart', { sku: 'A' });
    await nk.flush();
    const dialog = root()?.querySelector('[role="dialog"]');
    expect(dialog?.querySelector('h2')?.textContent).toBe('Need help?');
    root()!.querySelector<HTMLButtonElement>('.p')!.click();
    await nk.flush();
    const trail = await queued();
    expect(trail.map((e) => [e.event, e['ruleId'], e['variant'], e['version']])).toEqual([
      ['nudge_exposure', 'cart-help', 'default', 1],
      ['nudge_shown', 'cart-help', 'default', 1],
      ['nudge_clicked', 'cart-help', 'default', 1],
    ]);
    expect(trail[2]).toMatchObject({ action: 'primary', url: '/chat', nudgeId: trail[1]!['nudgeId'] });
    expect(navigated).toEqual(['/chat']);
    expect(errors).toEqual([]);
    await nk.shutdown();
  });

  it('queues nudge_dismissed with reason escape, and timeout for a toast', async () => {
    const { nk, clock, queued, root } = await setUp();
    nk.track('add_to_cart');
    await nk.flush();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    nk.track('view_item');
    await nk.flush();
    expect(root()?.querySelector('.t h2')?.textContent).toBe('Free shipping');
    clock.advance(5000);
    await nk.flush();
    expect((await queued()).map((e) => [e.event, e['ruleId'], e['reason'] ?? null])).toEqual([
      ['nudge_exposure', 'cart-help', null],
      ['nudge_shown', 'cart-help', null],
      ['nudge_dismissed', 'cart-help', 'escape'],
      ['nudge_exposure', 'promo', null],
      ['nudge_shown', 'promo', null],
      ['nudge_dismissed', 'promo', 'timeout'],
    ]);
    await nk.shutdown();
  });
});

describe('headless, with a UI that mounts late', () => {
  async function headless(extraRules: RuleDefinition[] = []) {
    const clock = createManualClock(new Date(2026, 0, 5, 9, 0).getTime());
    const errors: NudgeKitError[] = [];
    const sent: Array<{ event?: string; properties?: Record<string, unknown> }> = [];
    const nk = createNudgeKit(withStandardFeatures({
      clock,
      store: memoryStore(),
      endpoint: 'https://collect.test/v1/batch',
      gzip: false,
      transport: async (request) => {
        sent.push(...(JSON.parse(String(request.body)) as { batch: typeof sent }).batch);
        return { status: 200 };
      },
      rules: [...RULES, ...extraRules],
      onError: (error) => void errors.push(error),
    }));
    await nk.ready();
    const trail = async () => {
      await nk.flush();
      return sent.filter((e) => e.event?.startsWith('nudge_')).map((e) => `${e.event}:${e.properties?.['ruleId']}:${e.properties?.['reason'] ?? ''}`);
    };
    return { nk, clock, errors, trail };
  }

  it('keeps a nudge offered before any listener on offer: currentNudge() returns it, and it counts once the UI shows it', async () => {
    const { nk, clock, errors, trail } = await headless();
    nk.track('add_to_cart');
    await nk.flush();
    clock.advance(3000); // the app's UI mounts a few seconds later
    const late = nk.currentNudge();
    expect(late?.ruleId).toBe('cart-help');
    // Exposed at the decision, before any UI showed it.
    expect(await trail()).toEqual(['nudge_exposure:cart-help:']);
    late!.shown();
    clock.advance(60_000);
    late!.dismiss('close');
    expect(await trail()).toEqual(['nudge_exposure:cart-help:', 'nudge_shown:cart-help:', 'nudge_dismissed:cart-help:close']);
    expect(errors).toEqual([]);
    await nk.shutdown();
  });

  it('withdraws it if no UI claims it in 10 s: reported, and nudge_dropped reaches the backend', async () => {
    const { nk, clock, errors, trail } = await headless();
    nk.track('add_to_cart');
    await nk.flush();
    clock.advance(10_000);
    expect(nk.currentNudge()).toBeUndefined();
    expect(errors.map((e) => e.code)).toEqual(['nudge_failed']);
    expect(await trail()).toEqual(['nudge_exposure:cart-help:', 'nudge_dropped:cart-help:unclaimed']);
    // A system event: seen, but not the user's activity.
    expect(nk.profile()!.lastActive).toBe(clock.now() - 10_000);
    await nk.shutdown();
  });

  it('sends nudge_dropped for an offer pushed out of the full queue, with its rule id', async () => {
    const extra = [1, 2, 3, 4].map((n): RuleDefinition => ({ id: `q${n}`, trigger: { event: `b${n}` }, nudge: { type: 'toast', title: `q${n}` }, priority: 0 }));
    const { nk, trail } = await headless(extra);
    nk.on('nudge', () => {});
    nk.track('add_to_cart'); // on screen, priority 1
    // q1..q4, one event each, equal priority, wait in a queue of 3: the last to arrive goes.
    for (const n of [1, 2, 3, 4]) nk.track(`b${n}`);
    expect((await trail()).filter((t) => !t.startsWith('nudge_exposure'))).toEqual(['nudge_dropped:q4:queue_full']);
    await nk.shutdown();
  });
});
