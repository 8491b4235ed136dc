import { ERROR_CODES, NudgeKitError, isNudgeKitError } from '../core/errors';

/**
 * Keeps a store's own NudgeKitError (it has the right code); wraps anything else as
 * `storage_unavailable`, saying what could not be done.
 *
 * @example
 * ```ts
 * store.set(key, value).catch((error) => reportTo(onError, asStorageError(error, 'save the lease')));
 * ```
 */
export function asStorageError(error: unknown, what: string): NudgeKitError {
  if (isNudgeKitError(error)) return error;
  return new NudgeKitError(ERROR_CODES.storageUnavailable, `Could not ${what}`, { cause: error });
}
