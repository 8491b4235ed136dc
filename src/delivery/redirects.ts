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
    const status = typeof response?.status === 'number' ? response.status : 0;
    const target = status === 307 || status === 308 ? redirectTarget(response, current.url) : undefined;
    if (!target || hop >= MAX_REDIRECTS) return { response, url: current.url };
    current = { ...current, url: target, headers: sameOrigin(target, current.url) ? current.headers : withoutAuth(current.headers) };
  }
}

/** The absolute `http(s):` URL a redirect points to, or `undefined` when it has no usable `Location`. */
export function redirectTarget(response: TransportResponse | undefined, base: string): string | undefined {
  const location = headerValue(response?.headers, 'location');
  if (!location) return undefined;
  try {
    const url = new URL(location, absolute(base));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A relative endpoint (`/collect`) resolves against the page, where there is one. */
function absolute(url: string): string {
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  return new URL(url, typeof page === 'string' ? page : undefined).href;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(absolute(b)).origin;
  } catch {
    return false;
  }
}

function withoutAuth(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(headers)) if (key.toLowerCase() !== 'authorization') out[key] = headers[key]!;
  return out;
}
