/**
 * `Authorization: Basic` for a write key (the user) and an empty password, as Segment,
 * RudderStack and Jitsu expect. Encodes UTF-8 by hand: `btoa` throws on characters
 * outside Latin-1, and a formatter must never throw.
 *
 * @example
 * ```ts
 * basicAuth('wk_123'); // 'Basic d2tfMTIzOg=='
 * ```
 */
export function basicAuth(user: string, password = ''): string {
  return `Basic ${base64(new TextEncoder().encode(`${user}:${password}`))}`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63]!;
    out += c === undefined ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}
