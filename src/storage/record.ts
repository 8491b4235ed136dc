import { isRecord } from '../core/option-checks';
import { ERROR_CODES, NudgeKitError } from '../core/errors';
import type { NewQueueRecord } from './store';

/**
 * A number at or above `min`: a safe integer when `whole`, else any finite number.
 *
 * @example
 * ```ts
 * isNumberFrom(3, 1, true) // true; isNumberFrom(1.5, 0, true) // false
 * ```
 */
export const isNumberFrom = (value: unknown, min: number, whole?: boolean): value is number =>
  typeof value === 'number' && (whole ? Number.isSafeInteger(value) : Number.isFinite(value)) && value >= min;

/** Whether `value` can be a queue position. */
export function isSeq(value: unknown): value is number {
  return isNumberFrom(value, 1, true);
}

/**
 * Copies only the known fields of a record to append. A caller may hand in a
 * {@link QueueRecord} (with a `seq`) by mistake; the store assigns `seq`, so a stray one
 * must not reach an auto-incrementing key path, where it would be used as the key.
 */
export function newRecordFields(record: NewQueueRecord): NewQueueRecord {
  const out: NewQueueRecord = { id: record.id, bytes: record.bytes, event: record.event, attempts: record.attempts };
  if (record.leaseOwner !== undefined) out.leaseOwner = record.leaseOwner;
  if (record.leaseUntil !== undefined) out.leaseUntil = record.leaseUntil;
  return out;
}

/**
 * Whether an error means "storage is full": `QuotaExceededError` from IndexedDB (also
 * Firefox's legacy `NS_ERROR_DOM_QUOTA_REACHED`), `ENOSPC`/`EDQUOT` from Node, or a
 * {@link NudgeKitError} with code `storage_quota`. Looks through one level of `cause`.
 *
 * @example
 * ```ts
 * store.append(records).catch((err) => { if (isQuotaError(err)) dropOldest() })
 * ```
 */
export function isQuotaError(error: unknown): boolean {
  return isRecord(error) && (namesQuota(error) || namesQuota(error.cause));
}

function namesQuota(error: unknown): boolean {
  if (!isRecord(error)) return false;
  const { name, code } = error;
  return (
    code === ERROR_CODES.storageQuota ||
    code === 'ENOSPC' ||
    code === 'EDQUOT' ||
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED'
  );
}

/** The error every adapter rejects with once `close()` was called. */
export function closedError(adapter: string, operation: string): NudgeKitError {
  return new NudgeKitError(ERROR_CODES.storageUnavailable, `${adapter} store: ${operation} after close()`, {
    details: { adapter, operation },
  });
}
