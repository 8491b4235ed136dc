/**
 * A tab that is still starting when another tab tracks: it has read what the others saved,
 * so it must hear what they publish from then on, or its profile misses those events and
 * its next save overwrites them.
 */
import { expect, it } from 'vitest';
import { createNudgeKit } from '../../src/index';
import { indexedDBStore } from '../../src/storage/indexeddb';
import type { Store } from '../../src/storage/store';
import { uniqueName } from '../storage/raw-indexeddb';
import { withStandardFeatures } from '../helpers/features';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("counts another tab's events tracked while this tab's delivery is still starting", async () => {
  const name = uniqueName('nk-tabs-start');
  const a = createNudgeKit(withStandardFeatures({ store: indexedDBStore({ name }) }));
  await a.ready();
  // Tab b: its store is read at once, then delivery's start (its queue's size) takes a while.
  const base = indexedDBStore({ name });
  let sizeAsked!: () => void;
  const asked = new Promise<void>((resolve) => (sizeAsked = resolve));
  const slow: Store = Object.assign(Object.create(base) as Store, {
    async size() {
      sizeAsked();
      await wait(300);
      return base.size();
    },
  });
  const b = createNudgeKit(withStandardFeatures({ store: slow, endpoint: 'http://127.0.0.1:9/v1/batch', transport: async () => ({ status: 200 }) }));
  await asked; // b has restored the profile and is starting delivery
  for (let i = 0; i < 3; i++) a.track('viewed');
  await a.flush();
  await b.ready();
  await expect.poll(() => b.profile()!.events.viewed?.count ?? 0, { timeout: 2000 }).toBe(3);
  await Promise.all([a.shutdown(), b.shutdown()]);
  await base.close();
});
