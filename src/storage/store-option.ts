/**
 * The `store` option and its check, apart from the adapters: the client validates its
 * configuration at once, while the IndexedDB code loads only when start-up opens the store.
 */
import { ConfigError } from '../core/errors';
import type { Store } from './store';

/**
 * Where NudgeKit keeps its data: `'auto'` (IndexedDB where the platform has it, else
 * memory), `'indexeddb'`, `'memory'` or any {@link Store}, such as `fileStore({ path })`
 * from `nudgekit/node` (kept out of the main entry so browser bundles do not carry it).
 */
export type StoreOption = 'auto' | 'indexeddb' | 'memory' | Store;

/** The methods every {@link Store} has. */
export const STORE_METHODS = ['get', 'set', 'delete', 'append', 'head', 'update', 'remove', 'size', 'clear', 'close'] as const;

/**
 * Checks the `store` option; throws {@link ConfigError} naming the exact path.
 *
 * @example
 * ```ts
 * validateStoreOption('sqlite', 'store'); // throws "store: expected 'auto', 'indexeddb', 'memory' or a Store"
 * ```
 */
export function validateStoreOption(value: unknown, path: string): asserts value is StoreOption | undefined {
  if (value === undefined || value === 'auto' || value === 'indexeddb' || value === 'memory') return;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if ('file' in value) {
      throw new ConfigError(`${path}.file`, "pass fileStore({ path }) from 'nudgekit/node' as the store instead");
    }
    const candidate = value as Record<string, unknown>;
    if (typeof candidate.kind !== 'string') throw new ConfigError(`${path}.kind`, 'expected a string (a Store names its adapter)');
    for (const method of STORE_METHODS) {
      if (typeof candidate[method] !== 'function') throw new ConfigError(`${path}.${method}`, 'expected a function (see the Store interface)');
    }
    return;
  }
  throw new ConfigError(path, `expected 'auto', 'indexeddb', 'memory' or a Store`);
}
