/**
 * `indexedDBStore` as the main entry exports it: the adapter's code loads on the first call
 * (so apps that do not use it carry none of it), and the store behaves as the adapter does.
 */
import { describe, expect, it } from 'vitest';
import { createNudgeKit, indexedDBStore, type AnalyticsEvent } from '../../src/index';
import { describeStoreContract } from './store-contract';
import { uniqueName } from './raw-indexeddb';

describeStoreContract('IndexedDB through the main entry (loaded on first call)', {
  shared: true,
  fresh() {
    const name = uniqueName('nk-entry');
    return () => indexedDBStore({ name });
  },
});

describe('indexedDBStore from the main entry', () => {
  it('names its database before any code loads, and a client keeps its queue in it', async () => {
    const name = uniqueName('nk-entry-client');
    const store = indexedDBStore({ name });
    expect(store).toMatchObject({ kind: 'indexeddb', sharedName: name });
    await store.ready();
    const sent: AnalyticsEvent[] = [];
    const nk = createNudgeKit({
      store,
      endpoint: 'http://127.0.0.1:9/v1/batch',
      transport: async (request) => {
        sent.push(...(JSON.parse(String(request.body)) as { batch: AnalyticsEvent[] }).batch);
        return { status: 503 };
      },
    });
    nk.track('go');
    await nk.ready();
    await nk.flush();
    expect((await store.head(10)).map((r) => (r.event as AnalyticsEvent).messageId)).toEqual(sent.slice(0, 2).map((e) => e.messageId));
    await nk.shutdown();
    await store.close();
  });
});
