/**
 * The whole loop through the real client: events -> profile -> stage change -> rule ->
 * headless nudge -> nudge events -> delivery, on a manual clock.
 */
import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type AnalyticsEvent, type NudgeKitError, type TransportRequest } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { rule, welcomeBack, type ActiveNudge } from '../../src/entries/rules';
import { withStandardFeatures, type StandardOptions } from '../helpers/features';
import { loadRules } from '../../src/entries/rules';

const DAY = 86_400_000;

function setup(extra: StandardOptions = {}) {
  const clock = createManualClock(new Date(2026, 2, 2, 10, 0).getTime());
  const errors: NudgeKitError[] = [];
  const events: AnalyticsEvent[] = [];
  const nudges: ActiveNudge[] = [];
  const batches: unknown[][] = [];
  const nk = createNudgeKit(withStandardFeatures({
    clock,
    store: memoryStore(),
    endpoint: 'http://127.0.0.1:9/v1/batch',
    transport: async (request: TransportRequest) => {
      batches.push((JSON.parse(String(request.body)) as { batch: unknown[] }).batch);
      return { status: 200 };
    },
    onError: (e) => errors.push(e),
    ...extra,
  }));
  nk.on('event', (e) => events.push(e));
  nk.on('nudge', (n) => nudges.push(n));
  const trail = () => events.map((e) => (e.type === 'track' ? e.event : e.type));
  return { nk, clock, errors, events, nudges, batches, trail };
}

describe('the whole loop', () => {
  it('welcomes back a buyer who was away 20 days, records the nudge trail and delivers it all', async () => {
    const { nk, clock, errors, events, nudges, batches, trail } = setup({ rules: [welcomeBack()], lifecycle: { tier: { midSpend: 1 } } });
    nk.track('product_viewed', { sku: 'A-1' });
    nk.track('purchase', { revenue: 40 });
    await nk.flush();
    expect(nk.profile()!.stage).toBe('new');
    expect(nudges).toHaveLength(0);

    clock.advance(20 * DAY);
    nk.page('Home');
    await nk.flush();
    expect(nk.profile()!.stage).toBe('resurrected');
    const change = events.find((e) => e.type === 'track' && e.event === 'stage_change' && e.properties.to === 'resurrected');
    expect(change?.type === 'track' && change.properties).toEqual({ from: 'silent', to: 'resurrected' });

    expect(nudges).toHaveLength(1);
    const nudge = nudges[0]!;
    expect(nudge.ruleId).toBe('welcome-back');
    nudge.shown();
    nudge.click('primary');
    await nk.flush();

    const shown = events.find((e) => e.type === 'track' && e.event === 'nudge_shown');
    const clicked = events.find((e) => e.type === 'track' && e.event === 'nudge_clicked');
    expect(shown?.type === 'track' && shown.properties.ruleId).toBe('welcome-back');
    expect(clicked?.type === 'track' && clicked.properties).toMatchObject({ ruleId: 'welcome-back', action: 'primary' });
    expect(trail().slice(-4)).toEqual(expect.arrayContaining(['stage_change', 'nudge_shown', 'nudge_clicked']));
    expect(nk.profile()!.nudges['welcome-back']).toMatchObject({ shown: 1, clicked: 1 });

    const delivered = new Set(batches.flat().map((e) => (e as AnalyticsEvent).messageId));
    expect(events.every((e) => delivered.has(e.messageId))).toBe(true);
    expect(nk.stats()).toMatchObject({ sent: events.length, queued: 0, dropped: 0 });
    expect(errors).toEqual([]);
  });

  it('caps a rule across reloads of the client on the same store', async () => {
    const store = memoryStore();
    const cart = rule('cart').on({ event: 'add_to_cart' }).show({ type: 'toast', title: 'Still thinking?' }).cap({ lifetime: 1 }).toJSON();
    const first = setup({ store, rules: [cart] });
    first.nk.track('add_to_cart');
    await first.nk.flush();
    first.nudges[0]!.shown();
    first.nudges[0]!.dismiss('close');
    await first.nk.shutdown();

    const second = setup({ store, rules: [cart] });
    second.nk.track('add_to_cart');
    await second.nk.flush();
    expect(second.nudges).toHaveLength(0);
  });

  it('holds out a held-out user with nudge_held_out instead of the nudge', async () => {
    const { nk, nudges, trail } = setup({ rules: [{ id: 'all-held', trigger: { event: 'go' }, nudge: { type: 'toast', title: 'x' }, holdout: 1 }] });
    nk.track('go');
    await nk.flush();
    expect(nudges).toHaveLength(0);
    expect(trail()).toContain('nudge_held_out');
  });

  it('attributes a conversion within the goal window to the nudge', async () => {
    const offer = rule('offer').on({ event: 'product_viewed' }).show({ type: 'banner', title: '10% off' }).goal({ event: 'purchase', withinMs: DAY }).toJSON();
    const { nk, clock, nudges, events } = setup({ rules: [offer] });
    nk.track('product_viewed');
    await nk.flush();
    nudges[0]!.shown();
    clock.advance(DAY / 2);
    nk.track('purchase', { revenue: 10 });
    await nk.flush();
    const converted = events.find((e) => e.type === 'track' && e.event === 'nudge_converted');
    expect(converted?.type === 'track' && converted.properties).toMatchObject({ ruleId: 'offer', goalEvent: 'purchase' });
  });

  it('reports a bad rule with its path and keeps the others', async () => {
    const { nk, errors, nudges } = setup({
      rules: [
        { id: 'bad', trigger: { event: 'go' }, when: { plan: { $in: 5 } }, nudge: { type: 'toast', title: 'x' } },
        { id: 'good', trigger: { event: 'go' }, nudge: { type: 'toast', title: 'ok' } },
      ],
    });
    nk.track('go');
    await nk.flush();
    expect(errors.find((e) => e.code === 'invalid_rule')?.message).toMatch(/^rules\[0\]\.when\.plan\.\$in: /);
    expect(nudges.map((n) => n.ruleId)).toEqual(['good']);
  });

  it('loads rules from a JSON document and applies them without a reload', async () => {
    const { nk, nudges } = setup();
    const result = await loadRules(nk, { version: 2, rules: [{ id: 'late', trigger: { event: 'go' }, nudge: { type: 'toast', title: 'hi' } }] });
    expect(result.ok).toBe(true);
    nk.track('go');
    await nk.flush();
    expect(nudges.map((n) => n.ruleId)).toEqual(['late']);
  });

  it('keeps loaded rules in the store, so the next client on it applies them before any network', async () => {
    const store = memoryStore();
    const first = setup({ store });
    await loadRules(first.nk, { version: 3, rules: [{ id: 'cached', trigger: { event: 'go' }, nudge: { type: 'toast', title: 'hi' } }] });
    expect(await store.get('rules')).toMatchObject({ version: 3, rules: [{ id: 'cached' }] });
    await first.nk.shutdown();

    const second = setup({ store });
    second.nk.track('go');
    await second.nk.flush();
    expect(second.nudges.map((n) => n.ruleId)).toEqual(['cached']);
  });

  it('evaluates $inGroup against the configured saved groups', async () => {
    const { nk, nudges } = setup({
      savedGroups: { beta: ['user-1'] },
      rules: [{ id: 'beta-only', trigger: { event: 'go' }, when: { userId: { $inGroup: 'beta' } }, nudge: { type: 'toast', title: 'beta' } }],
    });
    nk.track('go');
    await nk.flush();
    expect(nudges).toHaveLength(0);
    nk.identify('user-1');
    nk.track('go');
    await nk.flush();
    expect(nudges.map((n) => n.ruleId)).toEqual(['beta-only']);
  });

  it('applies rules loaded before the store opened, keeps them over the cached copy, and caches them in the real store', async () => {
    // IndexedDB, as in a browser: it takes a few turns of the event loop to open.
    const doc = (v: number) => ({ version: v, rules: [{ id: `v${v}`, trigger: { event: 'go' }, nudge: { type: 'toast', title: `v${v}` } }] });
    const first = setup({ store: 'indexeddb' });
    await first.nk.ready();
    await loadRules(first.nk, doc(1));
    await first.nk.shutdown();

    // The next page loads v2 at once, before its store is open.
    const second = setup({ store: 'indexeddb' });
    const result = await loadRules(second.nk, doc(2));
    expect(result).toMatchObject({ ok: true, version: 2 });
    second.nk.track('go');
    await second.nk.flush();
    expect(second.nudges.map((n) => n.ruleId)).toEqual(['v2']);
    await second.nk.shutdown();

    const third = setup({ store: 'indexeddb' });
    third.nk.track('go');
    await third.nk.flush();
    expect(third.nudges.map((n) => n.ruleId)).toEqual(['v2']);
    await third.nk.shutdown();
  });

  it('passes headers, timeoutMs and fetch through loadRules', async () => {
    const { nk, nudges } = setup();
    const seen: Array<{ url: string; headers: unknown }> = [];
    const fakeFetch = (async (url: string, init?: RequestInit) => {
      seen.push({ url, headers: init?.headers });
      return new Response(JSON.stringify([{ id: 'remote', trigger: { event: 'go' }, nudge: { type: 'toast', title: 'hi' } }]), { status: 200 });
    }) as typeof fetch;
    const result = await loadRules(nk, 'https://rules.example/doc.json', { fetch: fakeFetch, headers: { authorization: 'Bearer t' }, timeoutMs: 1000 });
    expect(result).toMatchObject({ ok: true, source: 'network' });
    expect(seen).toEqual([{ url: 'https://rules.example/doc.json', headers: expect.objectContaining({ authorization: 'Bearer t' }) }]);
    nk.track('go');
    await nk.flush();
    expect(nudges.map((n) => n.ruleId)).toEqual(['remote']);
  });

  it('puts a server rule in the place of the config rule it replaces, so ties keep the config order', async () => {
    const rules = ['first', 'second'].map((id) => ({ id, trigger: { event: 'go' }, nudge: { type: 'toast' as const, title: id } }));
    const { nk, nudges } = setup({ rules });
    await loadRules(nk, [{ id: 'first', trigger: { event: 'go' }, nudge: { type: 'toast', title: 'first, from the server' } }]);
    nk.track('go');
    await nk.flush();
    expect(nudges.map((n) => [n.ruleId, n.title])).toEqual([['first', 'first, from the server']]);
  });

  it('records the traits of a nudge action with the checks of identify(): redacted like identify() traits', async () => {
    // Rule validation already refuses traits that are not JSON (a NaN, a Date); redaction is identify()'s.
    const optIn = rule('opt-in')
      .on({ event: 'go' })
      .show({ type: 'modal', title: 'Stay in touch?', primary: { label: 'Yes', traits: { optIn: true, email: 'a@b.c', score: null } } })
      .toJSON();
    const { nk, nudges, events, errors } = setup({ rules: [optIn], redact: ['email'] });
    nk.identify('user-1');
    nk.track('go');
    await nk.flush();
    nudges[0]!.click('primary');
    await nk.flush();
    const recorded = events.filter((e) => e.type === 'identify').at(-1);
    expect(recorded).toMatchObject({ userId: 'user-1', traits: { optIn: true, email: '[redacted]', score: null } });
    expect(nk.user().traits).toEqual({ optIn: true, email: '[redacted]', score: null });
    expect(errors).toEqual([]);
  });
});
