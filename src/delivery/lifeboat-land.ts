import type { AnalyticsEvent } from '../core/types';
import type { Store } from '../storage/store';
import type { Lifeboat } from './lifeboat';
import type { PersistQueue } from './queue';

/**
 * Moves what earlier pages left in the lifeboat into the queue, under the same messageIds, and
 * empties the lifeboat only once the queue has them: a page that closes meanwhile loses nothing.
 * An event whose IndexedDB write committed after its page left is in the queue already and is not
 * added twice; reading the queue's ids costs one read of the queue, and only when the lifeboat
 * holds something. `rekey` gives events tracked before their page knew its ids (anonymousId `''`)
 * the ids the store holds.
 */
export async function landLifeboat(lifeboat: Lifeboat, store: Store, queue: PersistQueue, rekey: (events: AnalyticsEvent[]) => void): Promise<void> {
  const taken = lifeboat.take();
  if (taken.length === 0) return;
  const have = new Set((await store.head(Number.MAX_SAFE_INTEGER)).map((r) => r.id));
  const fresh = taken.filter((b) => !have.has(b[1].messageId));
  rekey(fresh.map((b) => b[1]));
  for (const [bytes, event] of fresh) queue.enqueue(event, bytes);
  void queue.whenPersisted().then(() => lifeboat.drop(taken.map((b) => ({ id: b[1].messageId }))));
}
