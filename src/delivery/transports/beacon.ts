/**
 * `navigator.sendBeacon`, the last resort on unload when `fetch` with `keepalive` is missing
 * (old Safari) or refused. A beacon cannot carry headers, so it only suits formats that also
 * authenticate in the body (Segment's `writeKey`, PostHog's `api_key`, Amplitude's `api_key`).
 * Sent as `text/plain` so it needs no CORS preflight, which a beacon cannot do.
 *
 * @returns whether the browser accepted the beacon for sending (not whether it arrived).
 * @example
 * ```ts
 * sendBeacon('https://collect.example.com/v1/batch', '{"batch":[]}');
 * ```
 */
export function sendBeacon(url: string, body: string): boolean {
  try {
    if (typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function') return false;
    return navigator.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }));
  } catch {
    // Over the beacon quota Chromium throws in some versions instead of returning false.
    return false;
  }
}

/** Whether `fetch` supports `keepalive` here (Chromium, Safari ≥ 13, Firefox ≥ 133). */
export function hasKeepaliveFetch(): boolean {
  try {
    return typeof fetch === 'function' && typeof Request === 'function' && 'keepalive' in Request.prototype;
  } catch {
    return false;
  }
}
