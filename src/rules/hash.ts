/**
 * Deterministic bucketing, compatible with GrowthBook's `hash` so a user lands in the
 * same sample and holdout group on every device and in every GrowthBook SDK.
 */

/** 32-bit FNV-1a over UTF-16 code units (what GrowthBook hashes). */
function fnv1a32(input: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    // Multiplying by the FNV prime 16777619 modulo 2^32.
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Hashes a unit id (`value`: a user id or anonymous id) with `seed` (a rule id) to a number in
 * [0, 1), as GrowthBook's `hash` does: the bucket that decides samples, holdouts and variants.
 * Version 1 has 1000 buckets (the original, slightly biased algorithm), version 2 has
 * 10,000 and is unbiased. Any other version gives `null`.
 *
 * @example
 * ```ts
 * hashUnitId('welcome-back', 'user-42', 2); // 0.xxxx, the same on every device
 * ```
 */
export function hashUnitId(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}

/**
 * Whether `unitId` falls in the first `share` (0–1) of the hash space for `seed`.
 * Uses version 2. Sample and holdout use different seeds so the two groups are independent.
 *
 * @example
 * ```ts
 * inShare('holdout:welcome-back', 'user-42', 0.1); // true for about 10 % of users
 * ```
 */
export function inShare(seed: string, unitId: string, share: number): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  return (hashUnitId(seed, unitId, 2) ?? 1) < share;
}
