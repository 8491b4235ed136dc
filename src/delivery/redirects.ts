import type { Transport, TransportRequest, TransportResponse } from './options';
import { headerValue } from './retry';

/** Redirect hops followed for one request; a loop or a long chain is reported instead. */
export const MAX_REDIRECTS = 3;

/** What a request ended with, after the redirects that were followed. */
export interface Followed {
  response: TransportResponse;
  /** Where the last request went. */
  url: string;
}

/**
 * Sends `request` and follows only 307 and 308, which by definition repeat the same method
 * and body, so the 2xx at their target really means the batch arrived. 301, 302 and 303 are
 * handed back untouched: fetch would turn them into a GET without a body, and that GET's 200
 * is no acknowledgement. Redirects are followed to `http(s):` only, at most
 * {@link MAX_REDIRECTS} hops; `authorization` is left out once the origin changes, as fetch
 * itself does (the write key is never handed to another host by a redirect).
 *
 * @example
 * ```ts
 * const { response, url } = await sendFollowing(fetchTransport, request);
 * ```
 */
export async function sendFollowing(transport: Transport, request: TransportRequest): Promise<Followed> {
  let current = request;
  for (let hop = 0; ; hop++) {
    const response = await transport(current);
    const status = response?.status;
    const target = (status === 307 || status === 308) && hop < MAX_REDIRECTS ? redirectTarget(response, current.url) : undefined;
    if (!target) return { response, url: current.url };
    const headers = { ...current.headers };
    if (new URL(target).origin !== new URL(current.url).origin) {
      for (const key in headers) if (key.toLowerCase() === 'authorization') delete headers[key];
    }
    current = { ...current, url: target, headers };
  }
}

/**
 * The absolute `http(s):` URL a redirect points to, or `undefined` without a usable `Location`
 * (or with a relative endpoint, which only browsers have, and they never show a redirect).
 */
export function redirectTarget(response: TransportResponse | undefined, base: string): string | undefined {
  try {
    const url = new URL(headerValue(response?.headers, 'location')!, base);
    return /^https?:$/.test(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
