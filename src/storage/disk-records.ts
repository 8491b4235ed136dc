/**
 * What the adapters that keep data outside memory (IndexedDB, a file) share and the memory store
 * does not: the check of a record read back, and the error a failed platform call becomes. Apart
 * from record.ts, so the client's first chunk (which holds the memory store) does not carry them.
 */
import { isRecord } from '../core/option-checks';
import { ERROR_CODES, NudgeKitError } from '../core/errors';
import { isNumberFrom, isQuotaError, isSeq } from './record';
import type { QueueRecord } from './store';

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
