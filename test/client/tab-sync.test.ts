/**
 * Two clients on one IndexedDB database behave like two tabs: each folds the other's
 * events into its profile and session. (Real Chromium tabs: test/e2e/tabs-profile.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createNudgeKit, indexedDBStore, type AnalyticsEvent, type NudgeKit } from '../../src/index';
import { withStandardFeatures } from '../helpers/features';

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const clients: NudgeKit[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
});

function tab(name: string) {
  const events: AnalyticsEvent[] = [];
  const nk = createNudgeKit(withStandardFeatures({ store: indexedDBStore({ name }), onError: (e) => { throw e; } }));
  nk.on('event', (e) => events.push(e));
  clients.push(nk);
  return { nk, events };
}

describe('tabs on one store', () => {
  it('count each other\'s events and share one session', async () => {
    const name = `nk-tabs-${Math.random()}`;
    const a = tab(name);
    const b = tab(name);
    await Promise.all([a.nk.ready(), b.nk.ready()]);

    a.nk.track('viewed');
    a.nk.track('viewed');
    await until(() => b.nk.profile()!.events.viewed?.count === 2);

    b.nk.track('viewed');
    await until(() => a.nk.profile()!.events.viewed?.count === 3);

    const sessionOfA = a.events[0]!.context.session.id;
    expect(b.events.map((e) => (e.type === 'track' ? e.event : e.type))).toEqual(['viewed']);
    expect(b.events[0]!.context.session.id).toBe(sessionOfA);
    expect(a.nk.profile()!.sessions.count).toBe(1);
    expect(b.nk.profile()!.sessions.count).toBe(1);
  });

  it('keeps tabs on different stores apart', async () => {
    const a = tab(`nk-tabs-a-${Math.random()}`);
    const b = tab(`nk-tabs-b-${Math.random()}`);
    await Promise.all([a.nk.ready(), b.nk.ready()]);
    a.nk.track('viewed');
    await a.nk.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(b.nk.profile()!.events.viewed).toBeUndefined();
  });
});

describe('experiments across tabs', () => {
  it('a tab that hears another tab\'s exposure keeps its arm and does not log a second exposure', async () => {
    const name = `nk-tabs-exp-${Math.random()}`;
    const rules = [{ id: 'exp', trigger: { event: 'go' }, variants: [{ id: 'a', nudge: { type: 'toast' as const } }, { id: 'b', nudge: { type: 'toast' as const } }], holdout: 0.5 }];
    const open = () => {
      const events: AnalyticsEvent[] = [];
      const nk = createNudgeKit(withStandardFeatures({ store: indexedDBStore({ name }), rules, onError: (e) => { throw e; } }));
      nk.on('event', (e) => events.push(e));
      nk.on('nudge', (n) => n.shown());
      clients.push(nk);
      return { nk, events };
    };
    const names = (events: AnalyticsEvent[]) => events.flatMap((e) => (e.type === 'track' && e.event.startsWith('nudge_') ? [`${e.event}:${String(e.properties['variant'])}`] : []));
    const a = open();
    const b = open();
    await Promise.all([a.nk.ready(), b.nk.ready()]);
    // The same signed-in user in both tabs.
    a.nk.identify('user-1');
    b.nk.identify('user-1');
    a.nk.track('go');
    const arm = String((a.events.find((e) => e.type === 'track' && e.event === 'nudge_exposure') as { properties: Record<string, unknown> }).properties['variant']);
    await until(() => b.nk.profile()!.events['nudge_exposure']?.count === 1);
    b.nk.track('go');
    expect(names(b.events)).toEqual([arm === 'holdout' ? 'nudge_held_out:holdout' : `nudge_shown:${arm}`]);
  });
});
