// @vitest-environment happy-dom
/**
 * The React example, compiled and run: React 19 renders the app into a happy-dom document
 * (this file sits in the `node` project, which picks up `examples/**\/*.node.test.ts`; the
 * comment above gives it a DOM). The client runs on a manual clock with a recording
 * transport, so the test reads exactly what would reach the collector.
 */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStore, type NudgeKit, type TransportRequest } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { createShopClient, mountApp, type AppOptions } from './app';

// The example imports the package by name: vitest.config.ts resolves those names to the
// source, so it runs against src/, not whatever dist/ holds.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ENDPOINT = 'https://collect.test/v1/batch';

function setUp() {
  const clock = createManualClock(new Date(2026, 2, 2, 10, 0).getTime());
  const requests: TransportRequest[] = [];
  const navigated: string[] = [];
  const options: AppOptions = {
    endpoint: ENDPOINT,
    writeKey: 'test-write-key',
    clock,
    store: memoryStore(),
    gzip: false,
    transport: async (request) => {
      requests.push(request);
      return { status: 200 };
    },
    navigate: (url) => void navigated.push(url),
    onError: (error) => {
      throw new Error(`unexpected ${error.code}: ${error.message}`);
    },
  };
  const container = document.createElement('div');
  document.body.append(container);
  const card = () => container.querySelector<HTMLElement>('section.promo');
  const button = (label: string) => [...card()!.querySelectorAll('button')].find((b) => b.textContent === label)!;
  /** The nudge events the collector received: event, rule id, action or reason. */
  const received = async (nk: NudgeKit) => {
    await act(() => nk.flush());
    return requests
      .flatMap((r) => (JSON.parse(String(r.body)) as { batch: Array<{ event?: string; properties?: Record<string, unknown> }> }).batch)
      .filter((e) => e.event?.startsWith('nudge_'))
      .map((e) => [e.event, e.properties?.['ruleId'], e.properties?.['action'] ?? e.properties?.['reason'] ?? null]);
  };
  /** A visit by a new user, then the 20 s the first-conversion preset waits. */
  const visit = async (nk: NudgeKit) => {
    await act(async () => {
      nk.page('Home');
      await nk.flush();
      clock.advance(20_000);
      await nk.flush();
    });
  };
  return { clock, requests, navigated, options, container, card, button, received, visit };
}

let unmount: (() => void) | undefined;

/** Mounts the app inside act() and remembers how to unmount it; returns its client. */
async function mount(...args: Parameters<typeof mountApp>): Promise<NudgeKit> {
  let nk!: NudgeKit;
  await act(async () => {
    const app = mountApp(...args);
    nk = app.nk;
    unmount = () => app.root.unmount();
  });
  return nk;
}
afterEach(() => {
  act(() => unmount?.());
  document.body.replaceChildren();
});

describe('the React example', () => {
  it('renders the nudge as the app card and records the click, sent to the configured endpoint and write key', async () => {
    const t = setUp();
    const nk = await mount(t.container, t.options);
    await t.visit(nk);
    expect(t.card()?.querySelector('h2')?.textContent).toBe('Ready to start?');
    expect(t.card()?.querySelector('p')?.textContent).toBe('10% off your first order.');
    await act(async () => t.button('Start now').click());
    expect(t.card()).toBeNull();
    expect(t.navigated).toEqual(['/start']);
    expect(await t.received(nk)).toEqual([
      ['nudge_exposure', 'first-conversion', null],
      ['nudge_shown', 'first-conversion', null],
      ['nudge_clicked', 'first-conversion', 'primary'],
    ]);
    expect(t.requests.every((r) => r.url === ENDPOINT && (JSON.parse(String(r.body)) as { writeKey?: string }).writeKey === 'test-write-key')).toBe(true);
  });

  it('picks up the nudge already on offer when it mounts late, and lets it go when it times out', async () => {
    const t = setUp();
    const nk = createShopClient(t.options);
    await t.visit(nk); // offered while no component listens
    expect(nk.currentNudge()?.ruleId).toBe('first-conversion');
    // Exposed when the rule decided, though no UI has shown it yet.
    expect(await t.received(nk)).toEqual([['nudge_exposure', 'first-conversion', null]]);
    t.clock.advance(3_000);
    await mount(t.container, { ...t.options, nk });
    expect(t.card()?.querySelector('h2')?.textContent).toBe('Ready to start?');
    expect(await t.received(nk)).toEqual([
      ['nudge_exposure', 'first-conversion', null],
      ['nudge_shown', 'first-conversion', null],
    ]);
    // Claimed: the 10 s a nudge waits for a UI no longer applies; the toast's own 8 s do.
    await act(async () => t.clock.advance(7_999));
    expect(t.card()).not.toBeNull();
    await act(async () => t.clock.advance(1));
    expect(t.card()).toBeNull();
    expect((await t.received(nk)).at(-1)).toEqual(['nudge_dismissed', 'first-conversion', 'timeout']);
  });

  it('dismisses the card with Escape', async () => {
    const t = setUp();
    const nk = await mount(t.container, t.options);
    await t.visit(nk);
    await act(async () => void document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(t.card()).toBeNull();
    expect((await t.received(nk)).at(-1)).toEqual(['nudge_dismissed', 'first-conversion', 'escape']);
  });
});
