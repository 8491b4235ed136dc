/**
 * The event model: every field of Segment's spec that NudgeKit fills in, read from a
 * browser-like page whose url, title, referrer, screen, locale and user agent are set here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNudgeKit, memoryStore, type AnalyticsEvent } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { VERSION } from '../../src/client/context';
import { uuid } from '../../src/core/ids';
import { withStandardFeatures } from '../helpers/features';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function fakePage(): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://shop.example/pricing?plan=pro');
  document.title = 'Pricing';
  Object.defineProperty(document, 'referrer', { value: 'https://search.example/?q=shoes', configurable: true });
  Object.defineProperty(screen, 'width', { value: 1280, configurable: true });
  Object.defineProperty(screen, 'height', { value: 800, configurable: true });
  Object.defineProperty(window, 'devicePixelRatio', { value: 2, configurable: true });
  Object.defineProperty(navigator, 'language', { value: 'de-DE', configurable: true });
  Object.defineProperty(navigator, 'userAgent', { value: 'TestAgent/1.0', configurable: true });
}

async function trackedEvents(): Promise<AnalyticsEvent[]> {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 9, 30, 15, 7));
  const nk = createNudgeKit(withStandardFeatures({ clock, store: memoryStore() }));
  const events: AnalyticsEvent[] = [];
  nk.on('event', (e) => events.push(e));
  nk.track('add_to_cart', { sku: 'A-1' });
  nk.page('Pricing', { plan: 'pro' });
  nk.identify('user-42', { plan: 'pro' });
  await nk.flush();
  return events;
}

describe('the event model', () => {
  it('fills in ids, timestamp and the whole context from the page and the device', async () => {
    fakePage();
    const events = await trackedEvents();
    expect(events.map((e) => e.type)).toEqual(['track', 'track', 'page', 'identify']);
    const [sessionStart, track] = events as [AnalyticsEvent, AnalyticsEvent];
    expect(track).toMatchObject({ type: 'track', event: 'add_to_cart', properties: { sku: 'A-1' }, userId: null, timestamp: '2026-01-05T09:30:15.007Z' });
    expect(track.context).toEqual({
      library: { name: 'nudgekit', version: VERSION },
      page: { url: 'https://shop.example/pricing?plan=pro', path: '/pricing', referrer: 'https://search.example/?q=shoes', title: 'Pricing', search: '?plan=pro' },
      locale: 'de-DE',
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      screen: { width: 1280, height: 800, density: 2 },
      userAgent: 'TestAgent/1.0',
      session: { id: expect.stringMatching(UUID_V4), index: 1 },
      lifecycle: { stage: expect.any(String), tier: expect.any(String) },
    });
    expect(sessionStart).toMatchObject({ event: 'session_start', properties: { sessionId: track.context.session.id, index: 1 } });

    const ids = new Set(events.map((e) => e.messageId));
    expect(ids.size).toBe(events.length);
    for (const event of events) {
      expect(event.messageId).toMatch(UUID_V4);
      expect(event.anonymousId).toBe(track.anonymousId);
      expect(event.context.session).toEqual(track.context.session);
    }
    expect(track.anonymousId).toMatch(UUID_V4);
  });

  it('gives a page view the page fields as properties (the caller\'s win) and its name', async () => {
    fakePage();
    const page = (await trackedEvents()).find((e) => e.type === 'page');
    expect(page).toMatchObject({
      name: 'Pricing',
      properties: { url: 'https://shop.example/pricing?plan=pro', path: '/pricing', referrer: 'https://search.example/?q=shoes', title: 'Pricing', search: '?plan=pro', plan: 'pro' },
    });
  });

  it('sets userId from identify() on that event and the ones after it', async () => {
    const events = await trackedEvents();
    expect(events.find((e) => e.type === 'identify')).toMatchObject({ userId: 'user-42', traits: { plan: 'pro' } });
  });
});

describe('the page context as the page changes', () => {
  it('follows a single-page app to its new URL within the same task, and the screen from one task to the next', async () => {
    fakePage();
    const nk = createNudgeKit(withStandardFeatures({ clock: createManualClock(Date.UTC(2026, 0, 5, 9)), store: memoryStore() }));
    const events: AnalyticsEvent[] = [];
    nk.on('event', (e) => events.push(e));
    await nk.ready();
    nk.track('open_plans');
    history.pushState({}, '', '/plans/team?seats=5#compare'); // a router navigates, synchronously
    nk.page('Team plan');
    nk.track('viewed_team');
    await Promise.resolve();
    Object.defineProperty(screen, 'width', { value: 390, configurable: true }); // the phone was rotated
    await new Promise((resolve) => setTimeout(resolve, 0));
    nk.track('rotated');
    await nk.flush();
    const pages = events.filter((e) => e.type !== 'track' || e.event !== 'session_start').map((e) => e.context.page);
    expect(pages[0]).toMatchObject({ url: 'https://shop.example/pricing?plan=pro', path: '/pricing', search: '?plan=pro' });
    for (const page of pages.slice(1)) {
      expect(page).toMatchObject({ url: 'https://shop.example/plans/team?seats=5#compare', path: '/plans/team', search: '?seats=5' });
    }
    const page = events.find((e) => e.type === 'page')!;
    expect(page.type === 'page' && page.properties).toMatchObject({ path: '/plans/team', search: '?seats=5' });
    expect(events.at(-1)!.context.screen).toEqual({ width: 390, height: 800, density: 2 });
    expect(events.at(-2)!.context.screen).toEqual({ width: 1280, height: 800, density: 2 });
    await nk.shutdown();
  });
});

describe('uuid()', () => {
  afterEach(() => vi.unstubAllGlobals());
  const real = globalThis.crypto;

  function expectUniqueV4(make: () => string): void {
    const ids = Array.from({ length: 2000 }, make);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  }

  it('draws random bytes from crypto.getRandomValues in 4 KB blocks, one call per 256 ids', () => {
    const getRandomValues = vi.fn(<T extends ArrayBufferView>(bytes: T) => real.getRandomValues(bytes as never) as T);
    const randomUUID = vi.fn(() => real.randomUUID());
    vi.stubGlobal('crypto', { getRandomValues, randomUUID });
    expectUniqueV4(uuid);
    expect(getRandomValues).toHaveBeenCalledTimes(Math.ceil(2000 / 256));
    expect(getRandomValues.mock.calls.every(([bytes]) => bytes.byteLength === 4096)).toBe(true);
    expect(randomUUID).not.toHaveBeenCalled();
  });

  it('never reuses bytes drawn from another crypto object', () => {
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => bytes.fill(0x11) });
    expect(uuid()).toBe('11111111-1111-4111-9111-111111111111');
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => bytes.fill(0x22) });
    expect(uuid()).toBe('22222222-2222-4222-a222-222222222222');
  });

  it('falls back to Math.random where there is no crypto at all', () => {
    vi.stubGlobal('crypto', undefined);
    const random = vi.spyOn(Math, 'random');
    expectUniqueV4(uuid);
    expect(random).toHaveBeenCalled();
    random.mockRestore();
  });

  it('sets the version and variant bits whatever the random bytes are', () => {
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => bytes.fill(0xff) });
    expect(uuid()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => bytes.fill(0) });
    expect(uuid()).toBe('00000000-0000-4000-8000-000000000000');
  });
});
