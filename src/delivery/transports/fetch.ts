import type { TransportRequest, TransportResponse } from '../options';

/**
 * The default transport: `fetch`, in browsers and Node ≥ 20. Sets `keepalive` on unload so the
 * request outlives the page. Rejects on a network error or an abort (the caller retries).
 *
 * @example
 * ```ts
 * const res = await fetchTransport({ url, method: 'POST', headers: {}, body: '{}', keepalive: false });
 * ```
 */
export async function fetchTransport(request: TransportRequest): Promise<TransportResponse> {
  const init: RequestInit = { method: request.method, headers: request.headers, body: request.body as BodyInit };
  if (request.keepalive) init.keepalive = true;
  if (request.signal) init.signal = request.signal;
  const response = await fetch(request.url, init);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  // Drain the body so the connection can be reused (Node keeps it otherwise); its content does not matter.
  await response.arrayBuffer().catch(() => undefined);
  return { status: response.status, headers };
}

/** Whether this platform has `fetch` at all. */
export function hasFetch(): boolean {
  return typeof fetch === 'function';
}
