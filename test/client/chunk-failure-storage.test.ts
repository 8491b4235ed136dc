/**
 * The storage code (IndexedDB, its layout, migrations) is a chunk loaded at start-up. When it
 * cannot load, the client goes on as when IndexedDB is unavailable: onError gets
 * `chunk_load_failed` (`details.part: 'storage'`), the events are kept in memory and delivered.
 */
import { describe, expect, it, vi } from 'vitest';
import { createNudgeKit } from '../../src/index';
import { recording } from '../helpers/recording';

vi.mock('../../src/storage/open-migrated', () => {
  throw new TypeError('Failed to fetch dynamically imported module: /chunks/open-migrated-x1.js');
});

describe('the storage chunk does not load', () => {
  it('reports chunk_load_failed, uses memory, and still delivers every event under one anonymous id', async () => {
    const { config, errors, delivered, names } = recording();
    const nk = createNudgeKit(config);
    nk.identify('user-1');
    nk.track('add_to_cart', { sku: 'A-1' });
    await nk.ready();
    await nk.flush();

    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'chunk_load_failed', details: { part: 'storage' } });
    expect(errors[0]!.message).toMatch(/could not load its storage code .*kept in memory/);
    expect(errors[0]!.cause).toBeInstanceOf(Error);
    expect(names()).toEqual(['session_start', 'identify', 'add_to_cart']);
    expect(delivered.every((e) => e.anonymousId === nk.user().anonymousId && e.anonymousId !== '')).toBe(true);
    expect(nk.stats()).toMatchObject({ sent: 3, queued: 0, dropped: 0 });
    await nk.shutdown();
  });
});
