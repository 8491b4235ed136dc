/**
 * `Authorization: Basic` for a write key (the user) and an empty password, as Segment,
 * RudderStack and Jitsu expect. `btoa` throws on characters outside Latin-1 and a formatter
 * must never throw, so it gets the UTF-8 bytes as one Latin-1 character each.
 *
 * @example
 * ```ts
 * basicAuth('wk_123'); // 'Basic d2tfMTIzOg=='
 * ```
 */
export function basicAuth(user: string, password = ''): string {
  return `Basic ${base64(new TextEncoder().encode(`${user}:${password}`))}`;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
