/**
 * The sending code is a chunk loaded at start-up (src/delivery/shell.ts). When it cannot load
 * (offline, a CSP that blocks it), the host app sees nothing thrown: onError gets
 * `chunk_load_failed`, tracking goes on, the events wait in memory and, when the page closes,
 * in the lifeboat; a later flush() loads the chunk again and sends them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNudgeKit, type AnalyticsEvent } from '../../src/index';
import { recording } from '../helpers/recording';

const chunk = vi.hoisted(() => ({ fail: true, attempts: 0 }));
vi.mock('../../src/delivery/delivery', async (importOriginal) => {
  chunk.attempts++;
  if (chunk.fail) throw new TypeError('Failed to fetch dynamically imported module: /chunks/delivery-x1.js');
  return importOriginal();
});

const LIFEBOAT = 'nudgekit:lifeboat:v1:nudgekit';
// Once the mocked chunk has loaded, vitest keeps it: the test that needs it to load comes last.
afterEach(async () => {
  localStorage.clear();
  await new Promise((done) => (indexedDB.deleteDatabase('nudgekit').onsuccess = done));
});

function setup() {
  const { config, ...recorded } = recording();
  return { nk: createNudgeKit(config), ...recorded };
}

describe('the delivery chunk does not load', () => {
  it('a client shut down before the chunk ever loaded leaves its events in the lifeboat', async () => {
    chunk.fail = true;
    const { nk, errors } = setup();
    nk.track('go');
    await nk.ready();
    await nk.shutdown();
    expect(errors.map((e) => e.code)).toContain('chunk_load_failed');
    const boarded = JSON.parse(localStorage.getItem(LIFEBOAT) ?? '[]') as Array<[number, AnalyticsEvent]>;
    expect(boarded.map(([, e]) => (e.type === 'track' ? e.event : e.type))).toEqual(['session_start', 'go']);
    expect(boarded.every(([, e]) => e.anonymousId === nk.user().anonymousId)).toBe(true);
  });

  it('reports chunk_load_failed, keeps the events, boards them on pagehide, and sends them once a flush loads the chunk', async () => {
    chunk.fail = true;
    const { nk, errors, delivered, names } = setup();
    nk.track('add_to_cart', { sku: 'A-1' });
    await nk.ready();
    nk.track('checkout');
    await nk.flush();

    const failures = errors.filter((e) => e.code === 'chunk_load_failed');
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures[0]).toMatchObject({ details: { part: 'delivery' } });
    expect(failures[0]!.message).toMatch(/^NudgeKit could not load its delivery code \(.+\); events are kept until it loads$/);
    expect(failures[0]!.cause).toBeInstanceOf(Error);
    expect(errors.filter((e) => e.code !== 'chunk_load_failed')).toEqual([]);
    expect(delivered).toEqual([]);
    expect(nk.stats()).toMatchObject({ queued: 3, sent: 0, dropped: 0 });

    // The page closes: what waits for the engine goes to the lifeboat, for the next page load.
    window.dispatchEvent(new Event('pagehide'));
    const boarded = JSON.parse(localStorage.getItem(LIFEBOAT) ?? '[]') as Array<[number, AnalyticsEvent]>;
    expect(boarded.map(([, e]) => (e.type === 'track' ? e.event : e.type))).toEqual(['session_start', 'add_to_cart', 'checkout']);

    // The network is back (the page was only hidden): the next flush loads the engine and sends.
    chunk.fail = false;
    await nk.flush();
    expect(names()).toEqual(['session_start', 'add_to_cart', 'checkout']);
    expect(delivered.every((e) => e.anonymousId === nk.user().anonymousId)).toBe(true);
    expect(nk.stats()).toMatchObject({ queued: 0, sent: 3 });
    // Durable now: the lifeboat lets them go, so the next load does not queue them again.
    await vi.waitFor(() => expect(localStorage.getItem(LIFEBOAT)).toBeNull());
    await nk.shutdown();
  });
});
