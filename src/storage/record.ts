import { isRecord } from '../core/option-checks';
import { ERROR_CODES, NudgeKitError } from '../core/errors';
import type { NewQueueRecord, QueueRecord } from './store';

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

/**
 * Whether a value read back from storage has the shape of a {@link QueueRecord}.
 * Storage outlives code versions and can be edited by hand or by an old build, so
 * every adapter that reads from disk checks each record before handing it out.
 *
 * @example
 * ```ts
 * const good = rows.filter(isQueueRecord);
 * ```
 */
export function isQueueRecord(value: unknown): value is QueueRecord {
  if (!isRecord(value)) return false;
  const record = value as Partial<QueueRecord>;
  return (
    isSeq(record.seq) &&
    typeof record.id === 'string' &&
    record.id !== '' &&
    record.event !== undefined &&
    isNumberFrom(record.bytes, 0) &&
    isNumberFrom(record.attempts, 0) &&
    (record.leaseOwner === undefined || typeof record.leaseOwner === 'string') &&
    (record.leaseUntil === undefined || Number.isFinite(record.leaseUntil))
  );
}

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

/**
 * Turns a platform failure into the {@link NudgeKitError} a store rejects with: code
 * `storage_quota` when storage is full, else `storage_unavailable`; the original error
 * stays as `cause` (its `name`, e.g. `QuotaExceededError`, survives).
 */
export function storageError(operation: string, adapter: string, cause: unknown): NudgeKitError {
  if (cause instanceof NudgeKitError) return cause;
  const code = isQuotaError(cause) ? ERROR_CODES.storageQuota : ERROR_CODES.storageUnavailable;
  const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return new NudgeKitError(code, `${adapter} store: ${operation} failed (${reason})`, {
    cause,
    details: { adapter, operation },
  });
}

/** The error every adapter rejects with once `close()` was called. */
export function closedError(adapter: string, operation: string): NudgeKitError {
  return new NudgeKitError(ERROR_CODES.storageUnavailable, `${adapter} store: ${operation} after close()`, {
    details: { adapter, operation },
  });
}
