/**
 * Why a request got no HTTP answer, in words a developer reads in `onError`, instead of "status 0".
 *
 * @example
 * ```ts
 * const reason: FailureReason = 'connection_refused';
 * ```
 */
export type FailureReason = 'timeout' | 'connection_refused' | 'dns_failure' | 'connection_reset' | 'unreachable' | 'tls' | 'aborted' | 'network';

/** A failure described: the reason, a phrase for the message, and the platform's error code if any. */
export interface FailureDescription {
  reason: FailureReason;
  text: string;
  /** Node's code (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`, ...), when there is one. */
  errorCode?: string;
}

/** Node's error codes (undici puts them on `err.cause`), by what they mean. */
const CODES: Record<string, [FailureReason, string]> = {
  ECONNREFUSED: ['connection_refused', 'connection refused (nothing listens at that address)'],
  ENOTFOUND: ['dns_failure', 'could not resolve the host name (DNS)'],
  EAI_AGAIN: ['dns_failure', 'could not resolve the host name (DNS did not answer)'],
  EAI_NONAME: ['dns_failure', 'could not resolve the host name (DNS)'],
  ECONNRESET: ['connection_reset', 'connection closed by the other side'],
  EPIPE: ['connection_reset', 'connection closed by the other side'],
  UND_ERR_SOCKET: ['connection_reset', 'connection closed by the other side'],
  UND_ERR_CLOSED: ['connection_reset', 'connection closed by the other side'],
  ETIMEDOUT: ['timeout', 'the connection timed out'],
  UND_ERR_CONNECT_TIMEOUT: ['timeout', 'the connection timed out'],
  UND_ERR_HEADERS_TIMEOUT: ['timeout', 'no answer in time'],
  EHOSTUNREACH: ['unreachable', 'host unreachable'],
  ENETUNREACH: ['unreachable', 'network unreachable'],
  ENETDOWN: ['unreachable', 'network down'],
};

/**
 * Names what went wrong with a request that got no answer: Node's fetch rejects with
 * `TypeError: fetch failed` and the real error (with a `code`) as `cause`, sometimes inside an
 * `AggregateError` (one per address tried); browsers reject with a bare `TypeError` that says
 * nothing more, on purpose (a page must not probe the network), so there it is `network`.
 *
 * @example
 * ```ts
 * describeFailure(error).text; // 'connection refused (nothing listens at that address)'
 * ```
 */
export function describeFailure(error: unknown): FailureDescription {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const found = fromCode(current);
    if (found) return found;
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested)) for (const inner of nested) if (fromCode(inner)) return fromCode(inner)!;
    current = (current as { cause?: unknown }).cause;
  }
  const name = (error as { name?: unknown })?.name;
  if (name === 'AbortError') return { reason: 'aborted', text: 'the request was aborted' };
  if (name === 'TimeoutError') return { reason: 'timeout', text: 'no answer in time' };
  if (name === 'TypeError') {
    return { reason: 'network', text: 'network error (the browser does not say which: offline, DNS, connection refused, a CORS refusal and a blocked request look alike)' };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { reason: 'network', text: `the transport failed (${message})` };
}

function fromCode(error: unknown): FailureDescription | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  const known = CODES[code];
  if (known) return { reason: known[0], text: known[1], errorCode: code };
  if (code.startsWith('CERT_') || code.startsWith('ERR_TLS') || code.includes('CERT') || code.includes('SSL')) {
    return { reason: 'tls', text: `the TLS handshake failed (${code})`, errorCode: code };
  }
  return undefined;
}
