/**
 * A plugin can change, replace or cancel an event, but never lose one: whatever it leaves
 * that is not a valid event of the same type, as JSON under 32 KB, is reported and undone.
 */
import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type AnalyticsEvent, type NudgeKitError, type Plugin } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { withStandardFeatures } from '../helpers/features';

async function run(plugins: Plugin[]) {
  const errors: NudgeKitError[] = [];
  const delivered: AnalyticsEvent[] = [];
  const nk = createNudgeKit(withStandardFeatures({
    clock: createManualClock(Date.UTC(2026, 0, 5, 9)),
    store: memoryStore(),
    plugins,
    endpoint: 'http://127.0.0.1:9/v1/batch',
    transport: async (request) => {
      delivered.push(...(JSON.parse(String(request.body)) as { batch: AnalyticsEvent[] }).batch);
      return { status: 200 };
    },
    onError: (e) => errors.push(e),
  }));
  nk.track('add_to_cart', { sku: 'A-1' });
  await nk.flush();
  const names = delivered.map((e) => (e.type === 'track' ? e.event : e.type));
  return { nk, errors, delivered, names, cart: delivered.find((e) => e.type === 'track' && e.event === 'add_to_cart') };
}

const tag: Plugin = {
  name: 'tag',
  before: (e) => {
    e.context.app = { release: '1.4.2' };
  },
};

describe('plugins', () => {
  it.each<[string, NonNullable<Plugin['before']>]>([
    ['adds a BigInt', (e) => void ((e as { properties: Record<string, unknown> }).properties.big = 10n)],
    ['makes the event circular', (e) => void ((e.context as Record<string, unknown>).self = e)],
    ['returns {}', () => ({}) as AnalyticsEvent],
    ['returns a string', () => 'event' as unknown as AnalyticsEvent],
    ['changes the type', (e) => ({ ...e, type: 'page', name: null }) as AnalyticsEvent],
    ['removes the context', (e) => ({ ...e, context: undefined }) as unknown as AnalyticsEvent],
    ['empties the event name', (e) => ({ ...e, event: '' }) as AnalyticsEvent],
    ['sets properties to an array', (e) => ({ ...e, properties: [] }) as unknown as AnalyticsEvent],
    ['makes it over 32 KB', (e) => void (e.context.padding = 'x'.repeat(40_000))],
  ])('reports a plugin that %s, undoes its changes and keeps the event and the other plugins\' work', async (_label, before) => {
    const { nk, errors, names, cart, delivered } = await run([tag, { name: 'broken', before }]);
    expect(names).toEqual(['session_start', 'add_to_cart']);
    expect(cart).toMatchObject({ type: 'track', properties: { sku: 'A-1' }, context: { app: { release: '1.4.2' } } });
    expect(cart!.context.padding).toBeUndefined();
    expect(cart!.context.self).toBeUndefined();
    // Once for session_start, once for add_to_cart.
    expect(errors.map((e) => [e.code, e.details.plugin])).toEqual([
      ['invalid_plugin_result', 'broken'],
      ['invalid_plugin_result', 'broken'],
    ]);
    expect(nk.stats()).toMatchObject({ sent: delivered.length, queued: 0, dropped: 0, cancelled: 0 });
  });

  it('undoes what a plugin changed before it threw', async () => {
    const { errors, cart } = await run([
      {
        name: 'half-done',
        before: (e) => {
          e.context.half = true;
          throw new Error('plugin bug');
        },
      },
    ]);
    expect(cart?.context.half).toBeUndefined();
    expect(errors.map((e) => e.code)).toEqual(['callback_failed', 'callback_failed']);
  });

  it('passes a plugin\'s result through JSON: Dates become strings, functions are left out', async () => {
    const { errors, cart } = await run([
      {
        name: 'stamp',
        before: (e) => {
          const properties = (e as { properties: Record<string, unknown> }).properties;
          properties.at = new Date(Date.UTC(2026, 0, 1));
          properties.fn = () => 1;
        },
      },
    ]);
    expect(errors).toEqual([]);
    expect(cart).toMatchObject({ properties: { sku: 'A-1', at: '2026-01-01T00:00:00.000Z' } });
    expect(cart?.type === 'track' && 'fn' in cart.properties).toBe(false);
  });

  it('lets a plugin replace the event with a new valid one', async () => {
    const { errors, cart } = await run([{ name: 'rename', before: (e) => (e.type === 'track' && e.event === 'add_to_cart' ? { ...e, properties: { sku: 'B-2' } } : e) }]);
    expect(errors).toEqual([]);
    expect(cart).toMatchObject({ properties: { sku: 'B-2' } });
  });
});
