/**
 * Why a request got no HTTP answer, in words a developer reads in `onError`, instead of "status 0".
 *
 * @example
 * ```ts
 * const reason: FailureReason = 'connection_refused';
 * ```
 */
export type FailureReason = 'timeout' | 'connection_refused' | 'dns_failure' | 'connection_reset' | 'host_unreachable' | 'tls' | 'aborted' | 'network';

/** A failure described: the reason, a phrase for the message, and the platform's error code if any. */
export interface FailureDescription {
  reason: FailureReason;
  text: string;
  /** Node's code (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`, ...), when there is one. */
  errorCode?: string;
}

/** Node's error codes (undici puts them on `err.cause`), by what they mean. */
const CODES: Record<string, FailureReason> = {
  ECONNREFUSED: 'connection_refused',
  ENOTFOUND: 'dns_failure',
  EAI_AGAIN: 'dns_failure',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  UND_ERR_SOCKET: 'connection_reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  EHOSTUNREACH: 'host_unreachable',
  ENETUNREACH: 'host_unreachable',
};

/**
 * Names what went wrong with a request that got no answer: Node's fetch rejects with
 * `TypeError: fetch failed` and the real error (with a `code`) as `cause`, sometimes inside an
 * `AggregateError` (one per address tried); browsers reject with a bare `TypeError` that says
 * nothing more, on purpose (a page must not probe the network), so there it is `network`.
 *
 * @example
 * ```ts
 * describeFailure(error).text; // 'connection refused (ECONNREFUSED)'
 * ```
 */
export function describeFailure(error: unknown): FailureDescription {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const found = fromCode(current) ?? firstOf((current as { errors?: unknown }).errors);
    if (found) return found;
    current = (current as { cause?: unknown }).cause;
  }
  const name = (error as { name?: unknown })?.name;
  const reason: FailureReason = name === 'AbortError' ? 'aborted' : name === 'TimeoutError' ? 'timeout' : 'network';
  // Browsers say only "Failed to fetch", on purpose (a page must not probe the network); a
  // custom transport's own error says more, so it is quoted.
  return { reason, text: name === 'TypeError' || reason !== 'network' ? words(reason) : `network error (${String(error)})` };
}

/** `connection_refused` -> `connection refused`: the reasons are worded to be read as they are. */
const words = (reason: FailureReason): string => (reason === 'network' ? 'network error' : reason.replace('_', ' '));

/** One per address tried, in Node's AggregateError: the first that names a code. */
function firstOf(errors: unknown): FailureDescription | undefined {
  if (!Array.isArray(errors)) return undefined;
  for (const inner of errors) {
    const found = fromCode(inner);
    if (found) return found;
  }
  return undefined;
}

function fromCode(error: unknown): FailureDescription | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  const reason = CODES[code] ?? (/CERT|SSL|TLS/.test(code) ? 'tls' : undefined);
  return reason && { reason, text: `${words(reason)} (${code})`, errorCode: code };
}
