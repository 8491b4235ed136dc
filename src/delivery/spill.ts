import { memoryStoreFrom } from '../storage/memory';
import type { QueueRecord, Store } from '../storage/store';

/**
 * Seqs of the events kept in memory start here: far above any seq a real store hands out (the
 * IndexedDB layout would need 2^52 appends), so the two never collide and memory records sort last.
 */
const SPILL_SEQ = 2 ** 52;

/** The queue's store, which can move this tab's new events to memory when the real store cannot take them. */
export interface SpillStore extends Store {
  /** From now on appends go to a memory queue; reads and removes still reach the real store too. */
  spill(): void;
  spilled(): boolean;
  /** The oldest records of the memory queue: this tab's own, which no other tab can see or send. */
  ownHead(limit: number): Promise<QueueRecord[]>;
}

/**
 * Wraps the queue's store. Until {@link SpillStore.spill} it forwards everything. After it,
 * appends go to memory (sent while the page is open, lost with it), while the real store's
 * backlog stays readable and removable: a full disk still lets the sending tab drain what is
 * there. Once spilled, a real store that fails (a closed IndexedDB) counts as empty: the memory
 * queue must not stall on it, and a record it fails to remove is only sent again.
 * Calls reach the real store synchronously, so a write issued before a hand-over is ordered
 * before the next sender's reads. Everything else (kind, the key-value area) is the real
 * store's, through the prototype: the client hands delivery a forwarding store built of closures.
 *
 * @example
 * ```ts
 * const store = spillStore(indexedDBStore({ name: 'nudgekit' }));
 * store.spill(); // after repeated failed appends
 * ```
 */
export function spillStore(base: Store): SpillStore {
  let memory: Store | undefined;
  const lenient = <T>(pending: Promise<T>, empty: T): Promise<T> => (memory ? pending.catch(() => empty) : pending);
  const ownHead = async (limit: number): Promise<QueueRecord[]> => (memory ? memory.head(limit) : []);
  // The memory store ignores seqs it does not have; the real one gets only its own (IndexedDB
  // reads the whole span between the lowest and the highest seq of a remove).
  const both = async (call: (store: Store, real: boolean) => Promise<void>): Promise<void> =>
    void (await Promise.all([lenient(call(base, true), undefined), memory && call(memory, false)]));
  const real = (seq: number): boolean => seq < SPILL_SEQ;
  return Object.assign(Object.create(base) as SpillStore, {
    append: (records) => (memory ?? base).append(records),
    async head(limit) {
      const found = await lenient(base.head(limit), []);
      return found.length < limit ? found.concat(await ownHead(limit - found.length)) : found;
    },
    update: (records) => both((store, mine) => store.update(mine ? records.filter((r) => real(r.seq)) : records)),
    remove: (seqs) => both((store, mine) => store.remove(mine ? seqs.filter(real) : seqs)),
    async size() {
      const [found, own] = await Promise.all([lenient(base.size(), { count: 0, bytes: 0 }), memory?.size()]);
      return own ? { count: found.count + own.count, bytes: found.bytes + own.bytes } : found;
    },
    spill() {
      memory ??= memoryStoreFrom(SPILL_SEQ);
    },
    spilled: () => memory !== undefined,
    ownHead,
  } satisfies Omit<SpillStore, 'kind' | 'get' | 'set' | 'delete' | 'clear' | 'close'>);
}
