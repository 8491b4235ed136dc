/**
 * One collector per PGlite folder. PGlite is a single-process database: a second process
 * opening the same folder does not fail, it corrupts it quietly. So the collector takes a
 * lock file in the folder (`collector.lock`, holding its pid, host and start time) before it
 * opens the database, refuses to start while another live process holds it, and takes over a
 * lock whose process is gone (a crash or a kill -9 leaves one behind).
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'collector.lock';

/**
 * @typedef {object} LockInfo
 * @property {number} pid
 * @property {string} host
 * @property {string} startedAt ISO 8601
 */

/** The error of a folder another collector holds; `code` is `EDATADIRLOCKED`. */
export class DataDirLockedError extends Error {
  /**
   * @param {string} dataDir
   * @param {LockInfo} holder
   */
  constructor(dataDir, holder) {
    super(
      `the PGlite folder ${dataDir} is in use by another collector (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}). ` +
        'PGlite allows one process per folder: stop that collector first, or give this one its own folder (DATA_DIR=...) or a PostgreSQL server (DATABASE_URL=...).',
    );
    this.name = 'DataDirLockedError';
    this.code = 'EDATADIRLOCKED';
    this.holder = holder;
  }
}

/**
 * Takes the folder's lock; resolves to a function that releases it. Rejects with a
 * {@link DataDirLockedError} while a live process holds it.
 *
 * @example
 * ```js
 * const release = await lockDataDir('./data');
 * // ... open PGlite in ./data ...
 * await release();
 * ```
 * @param {string} dataDir an existing folder
 * @param {{ onStale?: (holder: LockInfo) => void }} [options] told when a dead process's lock is taken over
 * @returns {Promise<() => Promise<void>>}
 */
export async function lockDataDir(dataDir, options = {}) {
  const path = join(dataDir, LOCK_FILE);
  /** @type {LockInfo} */
  const mine = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const text = JSON.stringify(mine);
  for (let attempt = 0; ; attempt++) {
    try {
      // `wx`: created only if absent, in one step, so two collectors starting at once cannot both win.
      await writeFile(path, text, { flag: 'wx' });
      break;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST' || attempt > 0) throw err;
    }
    const holder = await readHolder(path);
    if (holder && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
    // Gone (or unreadable, a crash mid-write): take it over, once.
    if (holder) options.onStale?.(holder);
    await unlink(path).catch(() => undefined);
  }
  return async () => {
    // Only our own lock: never remove one another process took over meanwhile.
    if ((await readFile(path, 'utf8').catch(() => '')) === text) await unlink(path).catch(() => undefined);
  };
}

/** @returns {Promise<LockInfo | undefined>} */
async function readHolder(/** @type {string} */ path) {
  try {
    const value = JSON.parse(await readFile(path, 'utf8'));
    if (Number.isInteger(value?.pid) && typeof value.host === 'string') return value;
  } catch {
    // unreadable: treated as stale
  }
  return undefined;
}

/** Whether the lock's process still runs. On another host we cannot tell: assume it does. */
function isAlive(/** @type {LockInfo} */ holder) {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by another user.
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}
