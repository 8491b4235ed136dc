/**
 * Parts of the client's own code that load on demand at start-up (the IndexedDB store, the
 * sending code). A bundler turns each `import()` into a chunk fetched from the page's origin,
 * and that fetch can fail (offline, a CSP without the chunk's URL): the host app must not see it.
 */
import { ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from './errors';

/**
 * Runs `load` (an `import()`); resolves to its module, or to `undefined` after reporting
 * `chunk_load_failed` with `details.part` and the loader's error as `cause`. Never rejects.
 *
 * @example
 * ```ts
 * const mod = await loadPart(() => import('./engine'), 'delivery', onError, 'events wait in memory');
 * ```
 */
export function loadPart<T>(load: () => Promise<T>, part: string, onError: ErrorHandler, instead: string): Promise<T | undefined> {
  let pending: Promise<T>;
  try {
    pending = load();
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.catch((error: unknown) => {
    const message = `NudgeKit could not load its ${part} code (${String(error)}); ${instead}`;
    reportTo(onError, new NudgeKitError(ERROR_CODES.chunkLoadFailed, message, { cause: error, details: { part } }));
    return undefined;
  });
}
