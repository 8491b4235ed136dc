/**
 * Consent and reset(): what is held, dropped and counted, and in which order calls apply.
 */
import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type AnalyticsEvent, type NudgeKitConfig } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { withStandardFeatures } from '../helpers/features';

function setup(config: NudgeKitConfig = {}) {
  const events: AnalyticsEvent[] = [];
  const nk = createNudgeKit(withStandardFeatures({ clock: createManualClock(new Date(2026, 0, 5, 9).getTime()), store: memoryStore(), onError: () => undefined, ...config }));
  nk.on('event', (e) => events.push(e));
  const named = (name: string) => events.find((e) => e.type === 'track' && e.event === name)!;
  return { nk, events, named };
}

describe('reset()', () => {
  it('is not counted as a dropped call when consent is denied, and still gives a new identity', async () => {
    const { nk, events } = setup({ requireConsent: true });
    await nk.ready();
    const before = nk.user().anonymousId;
    nk.setConsent('denied');
    nk.reset();
    nk.track('x');
    await nk.flush();
    expect(nk.stats()).toMatchObject({ dropped: 1, consentDropped: 1 });
    expect(nk.user().anonymousId).not.toBe(before);
    expect(events).toEqual([]);
  });

  it('keeps counting sessions on this device: the next session gets the next index', async () => {
    const { nk, events } = setup();
    nk.track('a');
    nk.reset();
    nk.track('b');
    await nk.flush();
    expect(events.map((e) => [e.type === 'track' ? e.event : e.type, e.context.session.index])).toEqual([
      ['session_start', 1],
      ['a', 1],
      ['session_start', 2],
      ['b', 2],
    ]);
    expect(events[2]!.context.session.id).not.toBe(events[0]!.context.session.id);
  });

  it('applies after the calls held before it, before the ones after it', async () => {
    const { nk, named } = setup({ requireConsent: true });
    await nk.ready();
    nk.identify('user-1');
    nk.track('a');
    nk.reset();
    nk.track('b');
    nk.setConsent('granted');
    await nk.ready();
    await new Promise((r) => setTimeout(r, 0));
    await nk.flush();
    expect(named('a').userId).toBe('user-1');
    expect(named('b').userId).toBeNull();
    expect(named('b').anonymousId).not.toBe(named('a').anonymousId);
  });
});

describe('consent', () => {
  it('a choice made before the store opened beats the stored one', async () => {
    const store = memoryStore();
    await store.set('consent', 'denied');
    const { nk, named } = setup({ requireConsent: true, store });
    nk.setConsent('granted');
    nk.track('x');
    await nk.ready();
    await new Promise((r) => setTimeout(r, 0));
    await nk.flush();
    expect(named('x')).toBeDefined();
    expect(await store.get('consent')).toBe('granted');
  });

  it('drops and counts calls held before the store said consent was denied', async () => {
    const store = memoryStore();
    await store.set('consent', 'denied');
    const { nk, events } = setup({ requireConsent: true, store });
    nk.track('x');
    nk.page();
    await nk.flush();
    expect(events).toEqual([]);
    expect(nk.stats()).toMatchObject({ consentDropped: 2, dropped: 2 });
  });
});
