import type { TransportRequest, TransportResponse } from '../options';
import { BODY_PREFIX_BYTES, BODY_PREFIX_WAIT_MS, discardBody, readPrefix } from './read-prefix';

/** Below this many bytes (per `content-length`) a 2xx body is drained in the background, so Node can reuse the connection. */
const DRAIN_BYTES = 16_384;

/**
 * The default transport: `fetch`, in browsers and Node ≥ 20. Sets `keepalive` on unload so the
 * request outlives the page. Rejects on a network error or an abort (the caller retries).
 *
 * - Redirects are not followed by fetch (`redirect: 'manual'`): fetch re-sends a POST answered
 *   301/302/303 as a GET without its body, and that GET's 200 looked like a delivery. A 3xx is
 *   returned as it is (Node), or, where the browser hides it (an `opaqueredirect` response, status
 *   0), with `opaqueRedirect: true`. The sender decides what to follow (see `redirects.ts`).
 * - It resolves as soon as the headers are in: the status is known then. A 2xx body is not read
 *   (only a small one is drained, in the background, for connection reuse); of any other, at most
 *   {@link BODY_PREFIX_BYTES} are read, for at most {@link BODY_PREFIX_WAIT_MS}, for the report.
 *
 * @example
 * ```ts
 * const res = await fetchTransport({ url, method: 'POST', headers: {}, body: '{}', keepalive: false });
 * ```
 */
export async function fetchTransport(request: TransportRequest): Promise<TransportResponse> {
  const init: RequestInit = { method: request.method, headers: request.headers, body: request.body as BodyInit, redirect: 'manual' };
  if (request.keepalive) init.keepalive = true;
  if (request.signal) init.signal = request.signal;
  const response = await fetch(request.url, init);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (response.type === 'opaqueredirect') return { status: 0, headers, opaqueRedirect: true };
  const { status } = response;
  if (status >= 200 && status < 300) {
    const length = Number(headers['content-length']);
    if (length >= 0 && length <= DRAIN_BYTES) void response.arrayBuffer().catch(() => undefined);
    else discardBody(response);
    return { status, headers };
  }
  if (status >= 300 && status < 400) {
    discardBody(response);
    return { status, headers };
  }
  const body = await readPrefix(response, BODY_PREFIX_BYTES, BODY_PREFIX_WAIT_MS);
  return body === '' ? { status, headers } : { status, headers, body };
}

/** Whether this platform has `fetch` at all. */
export function hasFetch(): boolean {
  return typeof fetch === 'function';
}
