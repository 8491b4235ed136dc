/**
 * The feature contract (src/core/feature.ts) through the real client: where a feature is
 * called in the flow of one event, what it may ask of the client, and how its failures are
 * kept from the host app and from the other features.
 */
import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type AnalyticsEvent, type Feature, type FeatureHost, type NudgeKitError, type ReactInput } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { lifecycle } from '../../src/entries/lifecycle';

/** A feature that counts page views per session, lets rules see it, stamps events and emits its own event. */
function pageDepth(log: string[], hosts: FeatureHost[] = []): Feature {
  return {
    name: 'page-depth',
    setup(host) {
      hosts.push(host);
      let depth = 0;
      return {
        storeKeys: ['pageDepth'],
        restore: (saved) => {
          depth = typeof saved.pageDepth === 'number' ? saved.pageDepth : 0;
          log.push(`restore ${String(saved.pageDepth)}`);
        },
        save: () => [['pageDepth', depth]],
        systemEvents: ['deep_visit'],
        stampBytes: ',"depth":99999'.length,
        record(event, name, system) {
          log.push(`record ${name}${system ? ' (system)' : ''}`);
          if (name === 'session_start') depth = 0;
          else if (name === 'page') depth++;
          return undefined;
        },
        attributes: (into) => void (into.pageDepth = depth),
        stamp(event) {
          event.context.depth = depth;
          return `,"depth":${depth}`.length;
        },
        react({ name, attributes, system }: ReactInput) {
          log.push(`react ${name} depth=${String(attributes.pageDepth)} stage=${String(attributes.stage)}${system ? ' (system)' : ''}`);
          if (name === 'page' && depth === 3) host.track('deep_visit', { depth });
        },
        reset: (reason) => log.push(`reset ${reason}`),
        destroy: () => log.push('destroy'),
      };
    },
  };
}

async function client(features: Feature[], store = memoryStore()) {
  const errors: NudgeKitError[] = [];
  const events: AnalyticsEvent[] = [];
  const sent: AnalyticsEvent[] = [];
  const nk = createNudgeKit({
    clock: createManualClock(Date.UTC(2026, 0, 5, 9)),
    store,
    endpoint: 'http://127.0.0.1:9/v1/batch',
    transport: async (request) => {
      sent.push(...(JSON.parse(String(request.body)) as { batch: AnalyticsEvent[] }).batch);
      return { status: 200 };
    },
    features,
    onError: (e) => errors.push(e),
  });
  nk.on('event', (e) => events.push(e));
  await nk.ready();
  return { nk, errors, events, sent, store };
}

describe('features', () => {
  it('are called at their points of the flow: record, then stamp, then queue, then react; their own events flow after the event that caused them', async () => {
    const log: string[] = [];
    const { nk, sent } = await client([pageDepth(log)]);
    for (let i = 0; i < 3; i++) nk.page();
    await nk.flush();
    expect(log).toEqual([
      'restore undefined',
      'record session_start', 'react session_start depth=0 stage=undefined',
      'record page', 'react page depth=1 stage=undefined',
      'record page', 'react page depth=2 stage=undefined',
      'record page', 'react page depth=3 stage=undefined',
      'record deep_visit (system)', 'react deep_visit depth=3 stage=undefined (system)',
    ]);
    expect(sent.map((e) => [e.type === 'track' ? e.event : e.type, e.context.depth])).toEqual([
      ['session_start', 0], ['page', 1], ['page', 2], ['page', 3], ['deep_visit', 3],
    ]);
  });

  it('see what other features put in the attributes, in the order they are given', async () => {
    const log: string[] = [];
    const { nk } = await client([lifecycle(), pageDepth(log)]);
    nk.page();
    await nk.flush();
    expect(log).toContain('react page depth=1 stage=potential');
  });

  it('reserve their own event names: track() refuses them, as it refuses NudgeKit\'s', async () => {
    const { nk, errors, events } = await client([pageDepth([])]);
    nk.track('deep_visit', { depth: 99 });
    await nk.flush();
    expect(errors.map((e) => e.code)).toEqual(['reserved_event']);
    expect(events.map((e) => (e.type === 'track' ? e.event : e.type))).toEqual([]);
  });

  it('keep their state in the store: saved once per tick, restored at the next start', async () => {
    const store = memoryStore();
    const first = await client([pageDepth([])], store);
    first.nk.page();
    first.nk.page();
    await first.nk.shutdown();
    expect(await store.get('pageDepth')).toBe(2);
    const log: string[] = [];
    await client([pageDepth(log)], store);
    expect(log[0]).toBe('restore 2');
  });

  it('are told about reset() and forget(), and destroyed by shutdown()', async () => {
    const log: string[] = [];
    const { nk } = await client([pageDepth(log)]);
    nk.reset();
    await nk.forget();
    await nk.shutdown();
    expect(log.filter((l) => !l.startsWith('restore') && !l.startsWith('record') && !l.startsWith('react'))).toEqual(['reset logout', 'reset forget', 'destroy']);
  });

  it('cannot break the event or the other features: a throwing feature is reported as internal_error and skipped', async () => {
    const broken: Feature = { name: 'broken', setup: () => ({ record: () => { throw new Error('boom'); }, react: () => { throw new Error('bang'); } }) };
    const log: string[] = [];
    const { nk, errors, sent } = await client([broken, pageDepth(log)]);
    nk.track('go');
    await nk.flush();
    expect(sent.map((e) => (e.type === 'track' ? e.event : e.type))).toEqual(['session_start', 'go']);
    expect(log).toContain('react go depth=0 stage=undefined');
    expect(errors.every((e) => e.code === 'internal_error')).toBe(true);
    expect(errors[0]!.message).toBe('the "broken" feature failed in record: Error: boom');
    expect(errors[0]!.details).toMatchObject({ feature: 'broken', step: 'record' });
  });

  it('cannot break start-up, a stamp, a save, a reset or shutdown(): each throw is reported with the feature and the step', async () => {
    const boom = () => {
      throw new Error('boom');
    };
    const broken: Feature = {
      name: 'fragile',
      setup: () => ({ storeKeys: ['fragile'], restore: async () => boom(), stampBytes: 10, stamp: boom, attributes: boom, save: boom, reset: boom, destroy: boom }),
    };
    const { nk, errors, sent } = await client([broken]);
    nk.track('go');
    nk.reset();
    await nk.flush();
    await expect(nk.shutdown()).resolves.toBeUndefined();
    expect(sent.map((e) => (e.type === 'track' ? e.event : e.type))).toEqual(['session_start', 'go']);
    const steps = new Set(errors.map((e) => `${e.code} ${String(e.details.feature)} ${String(e.details.step)}`));
    expect([...steps].sort()).toEqual(['destroy', 'reset', 'restore', 'save', 'stamp', 'attributes'].map((step) => `internal_error fragile ${step}`).sort());
  });

  it('ask nothing of the host after shutdown(): their track() is ignored', async () => {
    const hosts: FeatureHost[] = [];
    const { nk, events } = await client([pageDepth([], hosts)]);
    await nk.shutdown();
    hosts[0]!.track('deep_visit', { depth: 1 });
    expect(events).toEqual([]);
  });

  it('are refused at config time when they are not features, or given twice', () => {
    expect(() => createNudgeKit({ features: [{ name: 'x' } as never] })).toThrow(/^features\[0\]: expected a feature/);
    expect(() => createNudgeKit({ features: [pageDepth([]), pageDepth([])] })).toThrow(/^features\[1\]: a second "page-depth" feature; pass each feature once$/);
  });

  it('without any, the client tracks and delivers, and profile() and currentNudge() are undefined', async () => {
    const { nk, sent } = await client([]);
    nk.identify('u-1', { plan: 'pro' });
    nk.track('go');
    await nk.flush();
    expect(sent.map((e) => (e.type === 'track' ? e.event : e.type))).toEqual(['session_start', 'identify', 'go']);
    expect(sent.every((e) => e.context.lifecycle === undefined)).toBe(true);
    expect(nk.profile()).toBeUndefined();
    expect(nk.currentNudge()).toBeUndefined();
    expect(nk.user()).toMatchObject({ userId: 'u-1', traits: { plan: 'pro' } });
  });
});
