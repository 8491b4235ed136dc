/**
 * Corrupt records in the key-value area: each malformed key is reported once as
 * storage_corrupt, dropped, and the client starts without it.
 */
import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type AnalyticsEvent, type NudgeKitError, type Store } from '../../src/index';
import { withStandardFeatures } from '../helpers/features';

async function start(store: Store, requireConsent = false) {
  const errors: NudgeKitError[] = [];
  const events: AnalyticsEvent[] = [];
  const nk = createNudgeKit(withStandardFeatures({ store, requireConsent, onError: (e) => errors.push(e) }));
  nk.on('event', (e) => events.push(e));
  await nk.ready();
  return { nk, errors, events };
}

describe('stored state', () => {
  it('reports each malformed key once as storage_corrupt, deletes it, and starts without it', async () => {
    const store = memoryStore();
    await store.set('anonymousId', 42);
    await store.set('userId', { id: 'u' });
    await store.set('traits', ['not', 'an', 'object']);
    await store.set('session', 'garbage');
    await store.set('consent', 'maybe');
    await store.set('rules', { rules: 'not a list' });

    const { nk, errors, events } = await start(store, true);
    const corrupt = errors.filter((e) => e.code === 'storage_corrupt');
    expect(corrupt.map((e) => e.details.key).sort()).toEqual(['anonymousId', 'consent', 'rules', 'session', 'traits', 'userId']);
    expect(errors).toHaveLength(corrupt.length);
    for (const key of ['userId', 'traits', 'session', 'consent', 'rules']) expect(await store.get(key)).toBeUndefined();

    // Started afresh: a new anonymous id, no user, consent still to be asked.
    expect(nk.user()).toEqual({ anonymousId: expect.stringMatching(/^[0-9a-f-]{36}$/), userId: null, traits: {} });
    nk.setConsent('granted');
    nk.track('x');
    await nk.flush();
    expect(events.map((e) => (e.type === 'track' ? e.event : e.type))).toEqual(['session_start', 'x']);
    expect(events[1]!.context.session.index).toBe(1);
    await nk.shutdown();

    // Dropped for good: the next client finds nothing wrong.
    const next = await start(store, true);
    expect(next.errors).toEqual([]);
    expect(next.nk.user().anonymousId).toBe(nk.user().anonymousId);
  });

  it('keeps well-formed values', async () => {
    const store = memoryStore();
    await store.set('anonymousId', 'anon-1');
    await store.set('userId', 'user-1');
    await store.set('traits', { plan: 'pro' });
    const { nk, errors } = await start(store);
    expect(errors).toEqual([]);
    expect(nk.user()).toEqual({ anonymousId: 'anon-1', userId: 'user-1', traits: { plan: 'pro' } });
  });

  it('reports a key the store cannot read and still starts', async () => {
    const base = memoryStore();
    const store: Store = { ...base, kind: 'flaky', get: async (key) => (key === 'traits' ? Promise.reject(new Error('read failed')) : base.get(key)) };
    const { nk, errors } = await start(store);
    expect(errors.map((e) => [e.code, e.details.key])).toEqual([['storage_corrupt', 'traits']]);
    expect(nk.user().anonymousId).not.toBe('');
  });
});
