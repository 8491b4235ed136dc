/**
 * What the IndexedDB store does when its database is deleted under it (another tab, the app's
 * own code, DevTools): the connection hears `versionchange` to version `null` first, and the
 * deletion waits until it closes. The undelivered events are read in that moment and written
 * back once the database is created again, so they are not lost while delivery still counts them.
 */
import { TOTALS_KEY, isChunk, type Chunk, type Database } from './indexeddb-layout';

/**
 * Reads every queue chunk, as stored (with its key `c`). Starts a transaction at once, so a
 * `close()` called right after waits for it (a connection closes only once its transactions end).
 * Resolves to `[]` when it cannot read.
 *
 * @example
 * ```ts
 * const rows = snapshotQueue(db); db.close();
 * ```
 */
export function snapshotQueue(db: Database): Promise<Chunk[]> {
  try {
    return db.getAll('queue').then((rows) => rows.filter(isChunk), () => []);
  } catch {
    return Promise.resolve([]);
  }
}

/**
 * Writes the chunks back under their own keys, so every record keeps its `seq` (a batch in
 * flight removes its records by seq) and the key generator moves past them (new appends never
 * reuse one). A chunk another tab wrote back already is left alone; the totals are deleted, so
 * `size()` recounts. Returns how many records were written back.
 *
 * @example
 * ```ts
 * const restored = await restoreQueue(db, await rows);
 * ```
 */
export async function restoreQueue(db: Database, chunks: readonly Chunk[]): Promise<number> {
  if (chunks.length === 0) return 0;
  const tx = db.transaction(['queue', 'meta'], 'readwrite');
  const queue = tx.objectStore('queue');
  let restored = 0;
  const work = chunks.map(async (chunk) => {
    if ((await queue.getKey(chunk.c)) !== undefined) return;
    await queue.put(chunk);
    restored += chunk.records.length;
  });
  await Promise.all([...work, tx.objectStore('meta').delete(TOTALS_KEY), tx.done]);
  return restored;
}
