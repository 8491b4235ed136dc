import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NudgeKitError } from '../../src/core/errors';
import { memoryStore } from '../../src/storage/memory';
import { MIGRATIONS, migrate, type Migration } from '../../src/storage/migrations';
import { SCHEMA_VERSION, STORE_KEYS, type Store } from '../../src/storage/store';
import { indexedDBStore } from '../../src/storage/indexeddb';

function collect(): { errors: NudgeKitError[]; onError: (error: NudgeKitError) => void } {
  const errors: NudgeKitError[] = [];
  return { errors, onError: (error) => errors.push(error) };
}

/** A step 1 -> 2 that renames `caps` to `ruleCaps`, counting its runs. */
function renameCaps(): Migration & { runs: number } {
  const step = {
    from: 1,
    runs: 0,
    async run(store: Store) {
      step.runs++;
      const old = await store.get(STORE_KEYS.caps);
      if (old === undefined) return;
      await store.set('ruleCaps', old);
      await store.delete(STORE_KEYS.caps);
    },
  };
  return step;
}

describe('migrate', () => {
  it('ships a step for every version below SCHEMA_VERSION', () => {
    for (let version = 1; version < SCHEMA_VERSION; version++) {
      expect(MIGRATIONS.some((step) => step.from === version)).toBe(true);
    }
  });

  it('stamps a new store with the current version', async () => {
    const store = memoryStore();
    const { errors, onError } = collect();
    await migrate(store, onError);
    expect(await store.get(STORE_KEYS.schema)).toBe(SCHEMA_VERSION);
    expect(errors).toEqual([]);
  });

  it('runs a registered step once, in order, and records each version reached', async () => {
    const store = indexedDBStore({ name: `nk-migrate-${Date.now()}` });
    await store.set(STORE_KEYS.schema, 1);
    await store.set(STORE_KEYS.caps, { perDay: 2 });
    const first = renameCaps();
    const second = { from: 2, runs: 0, async run(s: Store) { second.runs++; await s.set('v3', true); } };
    const { errors, onError } = collect();
    await migrate(store, onError, { migrations: [second, first], target: 3 });
    expect(await store.get('ruleCaps')).toEqual({ perDay: 2 });
    expect(await store.get(STORE_KEYS.caps)).toBeUndefined();
    expect(await store.get('v3')).toBe(true);
    expect(await store.get(STORE_KEYS.schema)).toBe(3);
    await migrate(store, onError, { migrations: [first, second], target: 3 });
    expect([first.runs, second.runs]).toEqual([1, 1]);
    expect(errors).toEqual([]);
    await store.close();
  });

  it('reports a future version and leaves the store as it is', async () => {
    const store = memoryStore();
    await store.set(STORE_KEYS.schema, SCHEMA_VERSION + 1);
    const { errors, onError } = collect();
    await migrate(store, onError);
    expect(await store.get(STORE_KEYS.schema)).toBe(SCHEMA_VERSION + 1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'storage_unavailable', details: { found: SCHEMA_VERSION + 1, target: SCHEMA_VERSION } });
  });

  it('stops at a failing step, keeps the version before it, and runs it again next time', async () => {
    const store = memoryStore();
    await store.set(STORE_KEYS.schema, 1);
    let fail = true;
    const flaky: Migration = { from: 1, async run() { if (fail) throw new Error('half way'); } };
    const { errors, onError } = collect();
    await migrate(store, onError, { migrations: [flaky], target: 2 });
    expect(await store.get(STORE_KEYS.schema)).toBe(1);
    expect(errors[0]).toMatchObject({ code: 'storage_unavailable', cause: { message: 'half way' } });
    fail = false;
    await migrate(store, onError, { migrations: [flaky], target: 2 });
    expect(await store.get(STORE_KEYS.schema)).toBe(2);
  });

  it('reports a missing step instead of skipping it', async () => {
    const store = memoryStore();
    await store.set(STORE_KEYS.schema, 1);
    const { errors, onError } = collect();
    await migrate(store, onError, { migrations: [], target: 2 });
    expect(await store.get(STORE_KEYS.schema)).toBe(1);
    expect(errors[0]!.message).toContain('no migration from schema version 1');
  });

  it('never rejects, whatever the stored version and whatever the store does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.boolean(), async (stored, broken) => {
        const inner = memoryStore();
        await inner.set(STORE_KEYS.schema, stored);
        const store: Store = broken ? { ...inner, get: () => Promise.reject(new Error('gone')), set: () => Promise.reject(new Error('gone')) } : inner;
        const { errors, onError } = collect();
        await migrate(store, onError);
        if (broken) expect(errors.map((error) => error.code)).toEqual(['storage_unavailable']);
        else if (stored === SCHEMA_VERSION) expect(errors).toEqual([]);
        else expect(errors.length).toBe(1);
      }),
      { numRuns: 50 },
    );
  });
});
