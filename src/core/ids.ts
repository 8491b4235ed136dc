/**
 * UUID v4s for message, session and device ids. Random bytes come from
 * `crypto.getRandomValues` in blocks of 4 KB (256 ids): in Chromium one call costs about
 * 1 µs whatever its size, and so does `crypto.randomUUID`, which would be most of what a
 * `track()` costs. Without Web Crypto (old WebViews over plain HTTP) `Math.random` is used:
 * ids only need to be unique, not secret.
 */

const POOL_BYTES = 4096;
const HEX: readonly string[] = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) => (i + 0x100).toString(16).slice(1));

let pool: Uint8Array<ArrayBuffer> | undefined;
let poolAt = POOL_BYTES;
// The crypto object the pool was drawn from: another one (a test's stub) draws afresh.
let poolSource: Crypto | undefined;

/** 16 random bytes at `pool[offset]`; returns the offset. */
function drawBytes(): number {
  const cryptoApi = (globalThis as { crypto?: Crypto }).crypto;
  pool ??= new Uint8Array(POOL_BYTES);
  if (poolAt + 16 > POOL_BYTES || cryptoApi !== poolSource) {
    poolSource = cryptoApi;
    if (typeof cryptoApi?.getRandomValues === 'function') cryptoApi.getRandomValues(pool);
    else for (let i = 0; i < POOL_BYTES; i++) pool[i] = (Math.random() * 256) | 0;
    poolAt = 0;
  }
  const offset = poolAt;
  poolAt += 16;
  return offset;
}

/** A UUID v4 (RFC 4122): 122 random bits, version 4, variant 10. */
export function uuid(): string {
  const o = drawBytes();
  const b = pool!;
  return (
    HEX[b[o]!]! + HEX[b[o + 1]!]! + HEX[b[o + 2]!]! + HEX[b[o + 3]!]! + '-' +
    HEX[b[o + 4]!]! + HEX[b[o + 5]!]! + '-' +
    HEX[(b[o + 6]! & 0x0f) | 0x40]! + HEX[b[o + 7]!]! + '-' +
    HEX[(b[o + 8]! & 0x3f) | 0x80]! + HEX[b[o + 9]!]! + '-' +
    HEX[b[o + 10]!]! + HEX[b[o + 11]!]! + HEX[b[o + 12]!]! + HEX[b[o + 13]!]! + HEX[b[o + 14]!]! + HEX[b[o + 15]!]!
  );
}
