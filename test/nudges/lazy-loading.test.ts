/**
 * targeting() loads rule validation and the code that shows nudges on demand (chunks of their
 * own). Decisions stay synchronous; a nudge decided before its code is there waits for it;
 * a chunk that cannot be loaded is reported and never breaks the host app. Each test imports
 * the SDK afresh, so nothing is loaded yet, and may make one chunk fail to load.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NudgeKitError } from '../../src/core/errors';
import type { AnalyticsEvent } from '../../src/core/types';
import type { ActiveNudge } from '../../src/nudges/active-nudge';

const DISPATCHER = '../../src/nudges/dispatcher';
const VALIDATE = '../../src/rules/validate';
const SURVEYS = '../../src/targeting/survey-policy';
const failToLoad = (path: string) =>
  vi.doMock(path, () => {
    throw new Error('chunk offline');
  });

const GO = { id: 'go-rule', trigger: { event: 'go' }, nudge: { type: 'toast', title: 'Hi' } };

async function client(rules: unknown[] = [GO]) {
  vi.resetModules();
  const { createNudgeKit, memoryStore } = await import('../../src/index');
  // The feature alone: `nudgekit/rules` also exports validateRules and loadRules, which import validation.
  const { targeting } = await import('../../src/targeting/feature');
  const errors: NudgeKitError[] = [];
  const events: string[] = [];
  const nudges: ActiveNudge[] = [];
  const nk = createNudgeKit({ store: memoryStore(), onError: (e) => void errors.push(e), features: [targeting({ rules: rules as never })] });
  nk.on('event', (e: AnalyticsEvent) => {
    if (e.type === 'track' && e.event.startsWith('nudge_')) events.push(`${e.event}:${String(e.properties.reason ?? e.properties.ruleId)}`);
  });
  nk.on('nudge', (n: ActiveNudge) => {
    nudges.push(n);
    n.shown();
  });
  return { nk, errors, events, nudges };
}

afterEach(() => {
  vi.doUnmock(DISPATCHER);
  vi.doUnmock(VALIDATE);
  vi.doUnmock(SURVEYS);
});

describe('code loaded on demand by targeting()', () => {
  it('start-up loads what the config rules need: the first nudge is shown at once; no survey rule, no survey policy', async () => {
    failToLoad(SURVEYS); // it would be reported if it were loaded
    const { nk, events, nudges, errors } = await client();
    await nk.ready();
    nk.track('go');
    expect(nudges.map((n) => n.ruleId)).toEqual(['go-rule']);
    await nk.flush();
    expect(events).toEqual(['nudge_exposure:go-rule', 'nudge_shown:go-rule']);
    expect(errors).toEqual([]);
    await nk.shutdown();
  });

  it('a nudge decided before its code is there (rules loaded later) is logged at the decision and shown once the code loads', async () => {
    const { nk, events, nudges, errors } = await client([]);
    const { loadRules } = await import('../../src/targeting/load-rules');
    await nk.ready();
    await loadRules(nk, [GO]);
    nk.track('go');
    await nk.flush();
    // The decision did not wait: the exposure is logged and counted already.
    expect(events[0]).toBe('nudge_exposure:go-rule');
    await vi.waitFor(() => expect(nudges.map((n) => n.ruleId)).toEqual(['go-rule']));
    await nk.flush();
    expect(events).toEqual(['nudge_exposure:go-rule', 'nudge_shown:go-rule']);
    expect(errors).toEqual([]);
    await nk.shutdown();
  });

  it('the nudge code failing to load: reported, each nudge due dropped with reason load_failed after its exposure, the app goes on, the next nudge tries again', async () => {
    failToLoad(DISPATCHER);
    const { nk, events, nudges, errors } = await client();
    await nk.ready();
    expect(errors.map((e) => [e.code, e.details['part']])).toEqual([['chunk_load_failed', 'nudges']]);
    expect(() => nk.track('go')).not.toThrow();
    await vi.waitFor(() => expect(events).toEqual(['nudge_exposure:go-rule', 'nudge_dropped:load_failed']));
    expect(errors).toHaveLength(2);
    expect(nudges).toEqual([]);
    // Back online: the next offer loads the code and shows its nudge.
    vi.doUnmock(DISPATCHER);
    nk.track('go');
    await vi.waitFor(() => expect(nudges.map((n) => n.ruleId)).toEqual(['go-rule']));
    await nk.flush();
    expect(nk.stats().queued).toBe(0);
    await nk.shutdown();
  });

  it('rule validation failing to load: reported, no rule runs, events still flow', async () => {
    failToLoad(VALIDATE);
    const { nk, events, nudges, errors } = await client();
    await nk.ready();
    expect(errors.map((e) => [e.code, e.details['part']])).toEqual([['chunk_load_failed', 'rules']]);
    const seen: string[] = [];
    nk.on('event', (e: AnalyticsEvent) => void seen.push(e.type === 'track' ? e.event : e.type));
    nk.track('go');
    await nk.flush();
    expect(seen).toEqual(['session_start', 'go']);
    expect(events).toEqual([]);
    expect(nudges).toEqual([]);
    await nk.shutdown();
  });

  it('a bad rule is reported with its path during start-up, before ready() resolves, and the others run', async () => {
    const { nk, nudges, errors } = await client([{ id: 'bad', trigger: { event: 'go' }, nudge: { type: 'popup' } }, GO]);
    expect(errors).toEqual([]); // validation is not loaded yet: nothing is reported at createNudgeKit
    await nk.ready();
    expect(errors.map((e) => [e.code, e.message])).toEqual([['invalid_rule', 'rules[0].nudge.type: expected one of modal, banner, toast, custom, survey']]);
    nk.track('go');
    expect(nudges.map((n) => n.ruleId)).toEqual(['go-rule']);
    await nk.shutdown();
  });
});
