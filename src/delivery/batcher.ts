/**
 * Cuts queue records into batches. Pure: no I/O, so limits are easy to test.
 */

/** Bytes a batch envelope adds around the events (`{"batch":[...],"sentAt":...,"writeKey":...}`), rounded up. */
export const ENVELOPE_BYTES = 512;

/**
 * Takes the longest prefix of `items` that fits in one batch: at most `maxEvents` items and
 * at most `maxBytes` once serialised (each item's `bytes` plus a comma, plus the envelope).
 * The first item is always taken, even when it alone is over `maxBytes`: the server decides
 * (a 413 is handled by splitting, and a single event that is still too large is dropped).
 *
 * @example
 * ```ts
 * takeBatch(records, { maxEvents: 50, maxBytes: 460_800 }); // records.slice(0, n)
 * ```
 */
export function takeBatch<T extends { bytes: number }>(items: readonly T[], limits: { maxEvents: number; maxBytes: number }): T[] {
  let bytes = ENVELOPE_BYTES;
  let count = 0;
  for (const item of items) {
    if (count >= limits.maxEvents) break;
    const next = bytes + item.bytes + 1;
    if (count > 0 && next > limits.maxBytes) break;
    bytes = next;
    count++;
  }
  return items.slice(0, count);
}

/**
 * Splits `items` into consecutive chunks that each fit `maxBytes` (used for unload requests,
 * where the browser allows only 64 KB of keepalive bodies in flight). Items over the limit on
 * their own are left out: the next page load sends them.
 *
 * @example
 * ```ts
 * chunkByBytes(records, 60_000, 100); // [[r1, r2], [r3]]
 * ```
 */
export function chunkByBytes<T extends { bytes: number }>(items: readonly T[], maxBytes: number, maxEvents: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const item of items) {
    if (item.bytes + ENVELOPE_BYTES + 1 > maxBytes) continue;
    if (current.length >= maxEvents || bytes + item.bytes + 1 > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    current.push(item);
    bytes += item.bytes + 1;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
