import { ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from '../core/errors';
import { closedError, isSeq, newRecordFields } from './record';
import { isQueueRecord, storageError } from './disk-records';
import { countOf, type NewQueueRecord, type QueueRecord, type Store } from './store';
import { decodeFile, emptyState, encodeFile, type FileState } from './file-format';
import { acquireLock, type Fs } from './file-lock';

/** Options of {@link fileStore}. */
export interface FileStoreOptions {
  /** The JSON file that holds everything. Its directory is created on the first write. */
  path: string;
  /** Receives `storage_corrupt` when the file or a record in it cannot be read. */
  onError?: ErrorHandler;
  /** How long a write waits for another process's lock before it fails (ms). Default 5000. */
  lockTimeoutMs?: number;
}

const ADAPTER = 'file';

interface Operation {
  readonly name: string;
  readonly writes: boolean;
  apply(state: FileState): unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * A store in one JSON file, for Node (servers, CLIs, tests). The file is read on first
 * use and re-read whenever another store instance or process has replaced it. Writes
 * are coalesced: all the calls made in one tick share one write, and each caller's
 * promise settles after the write that holds its change. A write goes to a temporary
 * file in the same directory, which is then renamed over the old one, so a crash never
 * leaves half a file; a lock file (`<path>.lock`) serialises writers across processes.
 * A file that is not valid JSON is moved aside to `<path>.corrupt-<timestamp>` and
 * reported as `storage_corrupt`; the store then starts empty.
 *
 * `node:fs` is imported on first use, so importing this module in a browser bundle or
 * during server-side rendering has no effect.
 *
 * @example
 * ```ts
 * createNudgeKit({ store: fileStore({ path: '.nudgekit/state.json' }) })
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function fileStore(options: FileStoreOptions): Store {
  const { path } = options;
  const lockTimeoutMs = options.lockTimeoutMs ?? 5000;
  let state: FileState | undefined;
  /** Identity of the file as last read or written: inode, size and mtime. */
  let stamp: string | undefined;
  let pending: Operation[] = [];
  let draining: Promise<void> | undefined;
  let closed = false;

  function schedule<T>(name: string, writes: boolean, apply: (state: FileState) => T): Promise<T> {
    if (closed) return Promise.reject(closedError(ADAPTER, name));
    return new Promise<T>((resolve, reject) => {
      pending.push({ name, writes, apply, resolve: resolve as (value: unknown) => void, reject });
      if (!draining) {
        // Wait one macrotask so every call of this tick lands in the same write.
        draining = new Promise<void>((done) => nextTick(() => void drain().finally(done)));
      }
    });
  }

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      await runBatch(batch);
    }
    draining = undefined;
  }

  async function runBatch(batch: Operation[]): Promise<void> {
    const writes = batch.some((op) => op.writes);
    let release: (() => Promise<void>) | undefined;
    try {
      const fs: Fs = await import('node:fs/promises');
      if (writes) release = await acquireLock(fs, `${path}.lock`, lockTimeoutMs);
      const current = await refresh(fs);
      const outcomes = batch.map((op) => {
        try {
          return { ok: true, value: op.apply(current) } as const;
        } catch (error) {
          return { ok: false, error } as const;
        }
      });
      if (outcomes.some((outcome, i) => outcome.ok && batch[i]!.writes)) await persist(fs, current);
      outcomes.forEach((outcome, i) => {
        const op = batch[i]!;
        if (outcome.ok) op.resolve(outcome.value);
        else op.reject(storageError(op.name, ADAPTER, outcome.error));
      });
    } catch (error) {
      // What is in memory may not be on disk: forget it and read the file again next time.
      state = undefined;
      stamp = undefined;
      for (const op of batch) op.reject(storageError(op.name, ADAPTER, error));
    } finally {
      await release?.().catch(() => undefined);
    }
  }

  /** Returns the current state, re-reading the file when it changed since we last saw it. */
  async function refresh(fs: Fs): Promise<FileState> {
    let handle;
    try {
      const info = await fs.stat(path);
      if (state && stampOf(info) === stamp) return state;
      handle = await fs.open(path, 'r');
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      // No file (yet, or deleted by someone): keep what we have only if we never wrote it.
      if (!state || stamp !== undefined) state = emptyState();
      stamp = undefined;
      return state;
    }
    try {
      // Read through the open handle, so stat and content belong to the same file even if
      // another writer renames a new one into place meanwhile.
      const info = await handle.stat();
      const text = await handle.readFile('utf8');
      stamp = stampOf(info);
      const decoded = decodeFile(text);
      if (decoded.kind === 'corrupt') {
        state = emptyState();
        const movedTo = `${path}.corrupt-${Date.now()}`;
        await fs.rename(path, movedTo).catch(() => undefined);
        stamp = undefined;
        report(`the file is not a NudgeKit store (${decoded.reason}); moved it to ${movedTo} and started empty`, { path, movedTo });
      } else {
        state = decoded.state;
        if (decoded.dropped > 0) report(`dropped ${decoded.dropped} malformed queue record(s)`, { path, count: decoded.dropped });
      }
      return state;
    } finally {
      await handle.close();
    }
  }

  async function persist(fs: Fs, current: FileState): Promise<void> {
    const { dirname } = await import('node:path');
    const temp = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await fs.mkdir(dirname(path), { recursive: true });
      await fs.writeFile(temp, encodeFile(current), { encoding: 'utf8', flush: true });
      const info = await fs.stat(temp);
      await fs.rename(temp, path);
      stamp = stampOf(info);
    } catch (error) {
      await fs.unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  function report(message: string, details: Record<string, unknown>): void {
    reportTo(options.onError, new NudgeKitError(ERROR_CODES.storageCorrupt, `file store: ${message}`, { details: { adapter: ADAPTER, ...details } }));
  }

  return {
    kind: ADAPTER,
    get<T>(key: string) {
      return schedule('get', false, (s) => {
        const json = s.kv.get(key);
        return (json === undefined ? undefined : JSON.parse(json)) as T | undefined;
      });
    },
    set(key, value) {
      // Serialise now: the value is copied as it is at the call, and a value that is
      // not JSON fails this call alone.
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch (error) {
        return Promise.reject(storageError('set', ADAPTER, error));
      }
      return schedule('set', true, (s) => {
        if (json === undefined) s.kv.delete(key);
        else s.kv.set(key, json);
      });
    },
    delete(key) {
      return schedule('delete', true, (s) => {
        s.kv.delete(key);
      });
    },
    addCount(key, delta) {
      // A write batch runs under the file lock on the state read under it: other processes wait.
      return schedule('addCount', true, (s) => {
        const json = s.kv.get(key);
        const total = Math.max(0, countOf(json === undefined ? undefined : JSON.parse(json)) + delta);
        if (total > 0) s.kv.set(key, String(total));
        else s.kv.delete(key);
        return total;
      });
    },
    append(records: readonly NewQueueRecord[]) {
      let copies: NewQueueRecord[];
      try {
        copies = JSON.parse(JSON.stringify(records.map(newRecordFields))) as NewQueueRecord[];
      } catch (error) {
        return Promise.reject(storageError('append', ADAPTER, error));
      }
      return schedule('append', true, (s) => {
        const added = copies.map((record) => ({ ...record, seq: s.nextSeq++ }));
        for (const record of added) {
          s.queue.set(record.seq, record);
          s.bytes += record.bytes;
        }
        return structuredClone(added);
      });
    },
    head(limit) {
      return schedule('head', false, (s) => {
        const out: QueueRecord[] = [];
        for (const record of s.queue.values()) {
          if (out.length >= limit) break;
          out.push(structuredClone(record));
        }
        return out;
      });
    },
    update(records) {
      let copies: QueueRecord[];
      try {
        copies = records.filter((r) => isSeq(r.seq)).map((r) => JSON.parse(JSON.stringify({ ...newRecordFields(r), seq: r.seq })) as QueueRecord);
      } catch (error) {
        return Promise.reject(storageError('update', ADAPTER, error));
      }
      return schedule('update', true, (s) => {
        for (const record of copies) {
          const old = s.queue.get(record.seq);
          if (!old || !isQueueRecord(record)) continue;
          s.bytes += record.bytes - old.bytes;
          s.queue.set(record.seq, record);
        }
      });
    },
    remove(seqs) {
      const list = [...seqs];
      return schedule('remove', true, (s) => {
        for (const seq of list) {
          const old = s.queue.get(seq);
          if (!old) continue;
          s.bytes -= old.bytes;
          s.queue.delete(seq);
        }
      });
    },
    size() {
      return schedule('size', false, (s) => ({ count: s.queue.size, bytes: s.bytes }));
    },
    clear() {
      return schedule('clear', true, (s) => {
        s.kv.clear();
        s.queue.clear();
        s.bytes = 0;
      });
    },
    async close() {
      closed = true;
      await draining;
      state = undefined;
    },
  };
}

function stampOf(info: { ino: number; size: number; mtimeMs: number }): string {
  return `${info.ino}:${info.size}:${info.mtimeMs}`;
}

function nextTick(fn: () => void): void {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  if (immediate) immediate(fn);
  else setTimeout(fn, 0);
}
