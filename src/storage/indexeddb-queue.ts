/**
 * The queue operations of the IndexedDB store over its chunked layout (see
 * `indexeddb-layout.ts`). Each function is one or a few transactions on an open database;
 * the store in `indexeddb.ts` adds opening, error wrapping and reporting.
 */
import type { IDBPObjectStore } from 'idb';
import { CHUNK_RECORDS, CHUNK_SPAN, MAX_CHUNK_KEY, TOTALS_KEY, decode, encode, isChunk, isStored, isTotals, type Chunk, type Database, type NudgeKitDB, type StoredRecord, type Totals } from './indexeddb-layout';
import { isSeq } from './record';
import type { NewQueueRecord, QueueRecord } from './store';

type QueueStore = IDBPObjectStore<NudgeKitDB, ('queue' | 'meta')[], 'queue', 'readwrite'>;

/**
 * Runs `work` in one read-write transaction over the queue and its totals, and adds the
 * change `work` reports to the totals. Missing totals stay missing: `size()` recounts.
 */
async function writeQueue(db: Database, work: (queue: QueueStore) => Promise<Totals>): Promise<void> {
  const tx = db.transaction(['queue', 'meta'], 'readwrite');
  const meta = tx.objectStore('meta');
  const totalsRead = meta.get(TOTALS_KEY);
  const update = (async () => {
    const [change, totals] = await Promise.all([work(tx.objectStore('queue')), totalsRead]);
    if (isTotals(totals) && (change.count !== 0 || change.chunks !== 0 || change.bytes !== 0)) {
      await meta.put({ count: totals.count + change.count, bytes: totals.bytes + change.bytes, chunks: totals.chunks + change.chunks }, TOTALS_KEY);
    }
  })().catch((error: unknown) => {
    // Nothing of a failed `work` may commit: abort, and reject with its own error, not AbortError.
    try {
      tx.abort();
    } catch {
      // A failed request has aborted it already.
    }
    throw error;
  });
  // A failed `work` rejects with its own error; a transaction that aborts after every request
  // succeeded (the quota is checked at commit) rejects with the transaction's: it wrote nothing.
  await Promise.all([update, tx.done.catch((error: unknown) => update.then(() => Promise.reject(error)))]);
}

/** Appends the records as chunks of up to {@link CHUNK_RECORDS}, in one transaction. */
export async function appendRecords(db: Database, records: readonly NewQueueRecord[]): Promise<QueueRecord[]> {
  const pieces: StoredRecord[][] = [];
  for (let i = 0; i < records.length; i += CHUNK_RECORDS) {
    pieces.push(records.slice(i, i + CHUNK_RECORDS).map((record, offset) => encode(record, offset)));
  }
  let keys: number[] = [];
  await writeQueue(db, async (queue) => {
    keys = await Promise.all(pieces.map((piece) => queue.add({ records: piece } as unknown as Chunk)));
    // The key generator only grows; a foreign row at a huge key pushes it past what a seq can
    // hold. Failing the append keeps the events in the caller's hands, where they are reported.
    const tooBig = keys.find((key) => key > MAX_CHUNK_KEY);
    if (tooBig !== undefined) throw new RangeError(`queue chunk key ${tooBig} is past the largest usable key (${MAX_CHUNK_KEY}): clear the database`);
    return { count: records.length, bytes: records.reduce((sum, record) => sum + record.bytes, 0), chunks: pieces.length };
  });
  return records.map((record, i) => ({ ...record, seq: keys[Math.floor(i / CHUNK_RECORDS)]! * CHUNK_SPAN + (i % CHUNK_RECORDS) }) as QueueRecord);
}

/**
 * Reads the oldest `limit` records. Chunks are read in a few growing pages, sized from the
 * records per chunk seen so far, so neither many small chunks nor a few big ones cost many
 * round trips. Returns the keys of chunks holding something malformed, for {@link dropBad}.
 */
export async function readHead(db: Database, limit: number): Promise<{ records: QueueRecord[]; bad: IDBValidKey[] }> {
  const records: QueueRecord[] = [];
  const bad: IDBValidKey[] = [];
  const wanted = Math.min(Math.floor(limit), 2 ** 32 - 1);
  let after: IDBValidKey | undefined;
  let chunksSeen = 0;
  let recordsSeen = 0;
  while (records.length < wanted) {
    const remaining = wanted - records.length;
    const perChunk = chunksSeen === 0 ? remaining : Math.max(1, recordsSeen / chunksSeen);
    const pageSize = chunksSeen === 0 ? 1 : Math.min(remaining, Math.ceil(remaining / perChunk) + 1);
    const range = after === undefined ? null : IDBKeyRange.lowerBound(after, true);
    const rows: unknown[] = await db.getAll('queue', range, pageSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      after = (row as { c: IDBValidKey }).c; // the in-line key is always there
      chunksSeen++;
      if (!isChunk(row)) {
        bad.push(after);
        continue;
      }
      recordsSeen += row.records.length;
      // Parse only what is returned; the rest of a chunk is checked when its turn comes.
      for (const stored of row.records) {
        if (records.length >= wanted) break;
        const record = decode(row, stored);
        if (record) records.push(record);
        else if (bad[bad.length - 1] !== row.c) bad.push(row.c);
      }
    }
  }
  return { records, bad };
}

/**
 * Deletes what is malformed in the given chunks (whole chunks, or records in them) and
 * returns how many records (or non-chunks) went. The totals are dropped too, so the next
 * `size()` recounts: a malformed record may or may not have been counted.
 */
export async function dropBad(db: Database, keys: readonly IDBValidKey[]): Promise<number> {
  const tx = db.transaction(['queue', 'meta'], 'readwrite');
  const queue = tx.objectStore('queue');
  let dropped = 0;
  const work = keys.map(async (key) => {
    const row: unknown = await queue.get(key as number);
    if (row === undefined) return;
    if (!isChunk(row)) {
      dropped++;
      return queue.delete(key as number);
    }
    const keep = row.records.filter((stored) => decode(row, stored) !== undefined);
    dropped += row.records.length - keep.length;
    if (keep.length === 0) return queue.delete(row.c);
    if (keep.length < row.records.length) return queue.put({ c: row.c, records: keep });
  });
  await Promise.all([...work, tx.objectStore('meta').delete(TOTALS_KEY), tx.done]);
  return dropped;
}

/** Groups seqs by chunk key: `chunk -> offsets`. */
function byChunk<T>(items: readonly T[], seqOf: (item: T) => unknown): Map<number, Map<number, T>> {
  const groups = new Map<number, Map<number, T>>();
  for (const item of items) {
    const seq = seqOf(item);
    if (!isSeq(seq)) continue;
    const key = Math.floor(seq / CHUNK_SPAN);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new Map()));
    group.set(seq % CHUNK_SPAN, item);
  }
  return groups;
}

/**
 * Removes records by seq, rewriting (or deleting) the chunks that held them; one
 * transaction. Delivery removes a batch from the head, which spans consecutive chunks:
 * those are read with one request and, when all of them empty, deleted with one more.
 */
export async function removeRecords(db: Database, seqs: readonly number[]): Promise<void> {
  const groups = byChunk(seqs, (seq) => seq);
  if (groups.size === 0) return;
  const keys = [...groups.keys()].sort((a, b) => a - b);
  const range = keys.length > 2 ? IDBKeyRange.bound(keys[0]!, keys[keys.length - 1]!) : undefined;
  await writeQueue(db, async (queue) => {
    const change: Totals = { count: 0, bytes: 0, chunks: 0 };
    const rows: unknown[] = range ? await queue.getAll(range) : await Promise.all(keys.map((key) => queue.get(key)));
    const writes: Promise<unknown>[] = [];
    const emptied: number[] = [];
    let wholeRangeEmptied = range !== undefined;
    for (const row of rows) {
      const offsets = isChunk(row) ? groups.get(row.c) : undefined;
      if (!offsets || !isChunk(row)) {
        wholeRangeEmptied = false; // something in the range that is not ours to delete
        continue;
      }
      const keep: unknown[] = [];
      for (const stored of row.records) {
        if (isStored(stored) && offsets.has(stored.offset)) {
          change.count--;
          change.bytes -= stored.bytes;
        } else keep.push(stored);
      }
      if (keep.length > 0) {
        wholeRangeEmptied = false;
        if (keep.length < row.records.length) writes.push(queue.put({ c: row.c, records: keep as StoredRecord[] }));
        continue;
      }
      change.chunks--;
      emptied.push(row.c);
    }
    if (wholeRangeEmptied && range) writes.push(queue.delete(range));
    else for (const key of emptied) writes.push(queue.delete(key));
    await Promise.all(writes);
    return change;
  });
}

/** Replaces records in place by seq; unknown seqs are ignored; one transaction. */
export async function updateRecords(db: Database, records: readonly QueueRecord[]): Promise<void> {
  const groups = byChunk(records, (record) => record.seq);
  if (groups.size === 0) return;
  // Encode first: an event that is not JSON fails the call before anything is written.
  const encoded = new Map([...groups].map(([key, byOffset]) => [key, new Map([...byOffset].map(([offset, record]) => [offset, encode(record, offset)]))]));
  await writeQueue(db, async (queue) => {
    const change: Totals = { count: 0, bytes: 0, chunks: 0 };
    const work = [...encoded].map(async ([key, replacements]) => {
      const chunk: unknown = await queue.get(key);
      if (!isChunk(chunk)) return;
      let changed = false;
      const next = chunk.records.map((stored) => {
        const replacement = isStored(stored) ? replacements.get(stored.offset) : undefined;
        if (!replacement || !isStored(stored)) return stored;
        changed = true;
        change.bytes += replacement.bytes - stored.bytes;
        return replacement;
      });
      if (changed) await queue.put({ c: key, records: next });
    });
    await Promise.all(work);
    return change;
  });
}

/** Count and bytes from the running totals; a full {@link recount} when they do not match the chunks. */
export async function queueSize(db: Database): Promise<{ totals: Totals; dropped: number }> {
  const tx = db.transaction(['queue', 'meta'], 'readonly');
  const [chunks, totals] = await Promise.all([tx.objectStore('queue').count(), tx.objectStore('meta').get(TOTALS_KEY), tx.done]);
  if (isTotals(totals) && totals.chunks === chunks) return { totals, dropped: 0 };
  return recount(db);
}

/** Reads every chunk, deletes what is malformed (without parsing events) and writes fresh totals. */
export async function recount(db: Database): Promise<{ totals: Totals; dropped: number }> {
  const tx = db.transaction(['queue', 'meta'], 'readwrite');
  const queue = tx.objectStore('queue');
  const work = (async () => {
    const rows: unknown[] = await queue.getAll();
    const totals: Totals = { count: 0, bytes: 0, chunks: 0 };
    let dropped = 0;
    const writes: Promise<unknown>[] = [];
    for (const row of rows) {
      if (!isChunk(row)) {
        dropped++;
        writes.push(queue.delete((row as { c: number }).c));
        continue;
      }
      const keep = row.records.filter(isStored);
      dropped += row.records.length - keep.length;
      if (keep.length === 0) {
        writes.push(queue.delete(row.c));
        continue;
      }
      if (keep.length < row.records.length) writes.push(queue.put({ c: row.c, records: keep }));
      totals.chunks++;
      totals.count += keep.length;
      for (const stored of keep) totals.bytes += stored.bytes;
    }
    await Promise.all([...writes, tx.objectStore('meta').put(totals, TOTALS_KEY)]);
    return { totals, dropped };
  })();
  const [result] = await Promise.all([work, tx.done]);
  return result;
}
