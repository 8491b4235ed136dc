/** The part of `node:fs/promises` the file store uses. */
export type Fs = typeof import('node:fs/promises');

/** A lock file older than this belongs to a writer that died; it is taken over. */
const STALE_MS = 10_000;

/**
 * Takes an exclusive lock by creating `lockPath` with `O_EXCL`, retrying with a short
 * random wait while another writer holds it. Returns the function that releases it.
 * Writers hold it only for one write of the store file, so a few ms is the usual wait.
 *
 * @example
 * ```ts
 * const release = await acquireLock(fs, `${path}.lock`, 5000);
 * try { await write() } finally { await release() }
 * ```
 */
export async function acquireLock(fs: Fs, lockPath: string, timeoutMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx');
      await handle.close();
      return () => fs.unlink(lockPath).catch(() => undefined);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') {
        const { dirname } = await import('node:path');
        await fs.mkdir(dirname(lockPath), { recursive: true });
        continue;
      }
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
    const info = await fs.stat(lockPath).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_MS) {
      await fs.unlink(lockPath).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      const error = new Error(`file store: ${lockPath} is held by another writer for over ${timeoutMs} ms`);
      error.name = 'LockTimeoutError';
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 8));
  }
}
