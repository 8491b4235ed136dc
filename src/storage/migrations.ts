import { ERROR_CODES, type ErrorHandler } from '../core/errors';
import { createReporter } from '../core/reporter';
import { SCHEMA_VERSION, STORE_KEYS, type Store } from './store';

/**
 * One step of the stored layout: from version `from` to `from + 1`. A step must be
 * safe to run twice (two tabs may start at once, or a crash may come between the
 * step and the version write), e.g. "rename key A to B if A exists".
 *
 * @example
 * ```ts
 * const renameCaps: Migration = {
 *   from: 1,
 *   async run(store) {
 *     const old = await store.get('caps');
 *     if (old !== undefined) { await store.set('ruleCaps', old); await store.delete('caps'); }
 *   },
 * };
 * ```
 */
export interface Migration {
  /** The version this step upgrades from. */
  from: number;
  /** Rewrites what the store holds from version `from` to `from + 1`. */
  run(store: Store): Promise<void>;
}

/**
 * The steps that ship with NudgeKit, in order. Empty while `SCHEMA_VERSION` is 1.
 * To change a stored shape: bump `SCHEMA_VERSION` in `store.ts` and add `{ from: 1, run }` here.
 *
 * @example
 * ```ts
 * await migrate(store, onError, { migrations: [...MIGRATIONS, renameCaps], target: 2 });
 * ```
 */
export const MIGRATIONS: readonly Migration[] = [];

/** Options of {@link migrate}, for tests and for the version after this one. */
export interface MigrateOptions {
  /** The steps to use instead of {@link MIGRATIONS}. */
  migrations?: readonly Migration[];
  /** The version to reach instead of `SCHEMA_VERSION`. */
  target?: number;
}

/**
 * Brings the store to the current schema version. A new store (no version yet) is
 * stamped with it. An older one goes through each step in order, and the version is
 * written after each step, so an interrupted run resumes where it stopped. A newer
 * version (written by a later NudgeKit in another tab) is reported and left alone:
 * this code keeps working with what it can read. Never rejects: every failure is
 * reported through `onError` as `storage_unavailable`.
 *
 * @example
 * ```ts
 * const store = await openStore('auto', onError);
 * await migrate(store, onError);
 * ```
 */
export async function migrate(store: Store, onError: ErrorHandler, options: MigrateOptions = {}): Promise<void> {
  const steps = options.migrations ?? MIGRATIONS;
  const target = options.target ?? SCHEMA_VERSION;
  const report = createReporter(onError);
  let version: unknown;
  try {
    version = await store.get(STORE_KEYS.schema);
    if (version === undefined) {
      await store.set(STORE_KEYS.schema, target);
      return;
    }
  } catch (cause) {
    return report(ERROR_CODES.storageUnavailable, 'storage: could not read or write the schema version', {}, cause);
  }
  if (!isVersion(version)) {
    // Unreadable: the stored shapes are checked record by record anyway, so carry on as current.
    report(ERROR_CODES.storageCorrupt, `storage: schema version ${JSON.stringify(version)} is not a version; reset to ${target}`, { found: version, target });
    await store.set(STORE_KEYS.schema, target).catch((cause: unknown) => report(ERROR_CODES.storageUnavailable, 'storage: could not write the schema version', {}, cause));
    return;
  }
  if (version > target) {
    return report(ERROR_CODES.storageUnavailable, `storage: stored schema version ${version} is newer than this NudgeKit understands (${target}); left as it is`, { found: version, target });
  }
  for (let current = version; current < target; current++) {
    const step = steps.find((candidate) => candidate.from === current);
    if (!step) return report(ERROR_CODES.storageUnavailable, `storage: no migration from schema version ${current}`, { found: current, target });
    try {
      await step.run(store);
      await store.set(STORE_KEYS.schema, current + 1);
    } catch (cause) {
      return report(ERROR_CODES.storageUnavailable, `storage: migration from schema version ${current} failed`, { found: current, target }, cause);
    }
  }
}

function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

