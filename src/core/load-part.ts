/**
 * Parts of NudgeKit's own code that load on demand (the IndexedDB store and the sending code at
 * start-up, the rule checker, the code that shows nudges, the survey policy). A bundler turns each
 * `import()` into a chunk fetched from the page's origin, and that fetch can fail (offline, a CSP
 * without the chunk's URL): the host app must not see it.
 */
import { ERROR_CODES } from './errors';
import type { Report } from './reporter';

/**
 * Runs `load` (an `import()`); resolves to its module, or to `undefined` after reporting
 * `chunk_load_failed` with `details.part` and the loader's error as `cause`. Never rejects.
 *
 * @example
 * ```ts
 * const mod = await loadPart(() => import('./engine'), 'delivery', report, 'events wait in memory');
 * ```
 */
export function loadPart<T>(load: () => Promise<T>, part: string, report: Report, instead: string): Promise<T | undefined> {
  let pending: Promise<T>;
  try {
    pending = load();
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.catch((error: unknown) => {
    report(ERROR_CODES.chunkLoadFailed, `NudgeKit could not load its ${part} code (${String(error)}); ${instead}`, { part }, error);
    return undefined;
  });
}
