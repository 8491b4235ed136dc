import type { Clock } from '../core/clock';
import type { AnalyticsEvent } from '../core/types';
import { gzip } from './gzip';
import type { FormatFunction, FormatMeta, ResolvedDeliveryOptions, Transport, TransportRequest, TransportResponse } from './options';
import { describeFailure, type FailureDescription } from './failure-reason';
import { redirectTarget, sendFollowing } from './redirects';
import { classifyStatus, headerValue, parseRetryAfter, type Verdict } from './retry';

/** The result of one request. `status` 0 means no answer: network error, abort or timeout. */
export interface SendOutcome {
  verdict: Verdict;
  status: number;
  /** From `Retry-After`, when the server sent one. */
  retryAfterMs: number | undefined;
  /** The network error, timeout or formatter error, if any. */
  error: unknown;
  /** Why there was no answer (`status` 0, verdict `retry`). */
  failure?: FailureDescription;
  /** Where an unfollowed redirect pointed, when the platform shows it. */
  location?: string;
  /** The start of the response body, when the transport read one (error answers). */
  body?: string;
}

/** Builds a request from events and sends it, with a timeout. */
export interface Sender {
  send(events: AnalyticsEvent[], meta: FormatMeta): Promise<SendOutcome>;
  /** Builds the request synchronously (for unload, where there is no time for gzip); `undefined` if the formatter throws. */
  build(events: AnalyticsEvent[], meta: FormatMeta): TransportRequest | undefined;
}

/**
 * Creates the sender used by every flush path.
 *
 * @example
 * ```ts
 * const sender = createSender({ options, clock, format: segmentFormat, transport: fetchTransport });
 * const outcome = await sender.send(events, meta);
 * ```
 */
export function createSender(deps: { options: ResolvedDeliveryOptions; clock: Clock; format: FormatFunction; transport: Transport }): Sender {
  const { options, clock, format, transport } = deps;

  function build(events: AnalyticsEvent[], meta: FormatMeta): TransportRequest | undefined {
    try {
      const formatted = format(events, meta);
      return { url: formatted.url, method: 'POST', headers: { ...formatted.headers }, body: formatted.body, keepalive: meta.unloading };
    } catch {
      return undefined;
    }
  }

  async function send(events: AnalyticsEvent[], meta: FormatMeta): Promise<SendOutcome> {
    const request = build(events, meta);
    if (!request) {
      // A throwing formatter is treated like a 400: split until the event that breaks it is alone, then drop it.
      return { verdict: 'split', status: 0, retryAfterMs: undefined, error: new Error('the format function threw') };
    }
    if (options.gzip && typeof request.body === 'string') {
      const zipped = await gzip(request.body);
      if (zipped) {
        request.body = zipped;
        request.headers['content-encoding'] = 'gzip';
      }
    }
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    if (controller) request.signal = controller.signal;
    let cancelTimer: () => void = () => {};
    const timedOut = new Promise<'timeout'>((resolve) => {
      cancelTimer = clock.setTimeout(() => {
        controller?.abort();
        resolve('timeout');
      }, options.timeoutMs);
    });
    try {
      // Race as well as abort: a custom transport may ignore the signal, and we must not hang on it.
      // The timeout covers the redirects followed and ends with the headers: the transport does
      // not wait for a 2xx body (a trickling body is no reason to send the batch again).
      const pending = Promise.resolve().then(() => sendFollowing(transport, request));
      pending.catch(() => undefined);
      const response = await Promise.race([pending, timedOut]);
      if (response === 'timeout') {
        const text = `no answer within ${options.timeoutMs} ms`;
        return { verdict: 'retry', status: 0, retryAfterMs: undefined, error: new Error(text), failure: { reason: 'timeout', text } };
      }
      return settle(response.response, response.url);
    } catch (error) {
      return { verdict: 'retry', status: 0, retryAfterMs: undefined, error, failure: describeFailure(error) };
    } finally {
      cancelTimer();
    }
  }

  /** What an answer means for the batch. */
  function settle(response: TransportResponse | undefined, url: string): SendOutcome {
    const status = typeof response?.status === 'number' ? response.status : 0;
    const body = typeof response?.body === 'string' && response.body !== '' ? { body: response.body } : {};
    if (response?.opaqueRedirect === true) return { verdict: 'redirect', status, retryAfterMs: undefined, error: undefined };
    const verdict = classifyStatus(status);
    if (verdict === 'redirect') {
      const location = redirectTarget(response, url);
      return { verdict, status, retryAfterMs: undefined, error: undefined, ...(location ? { location } : {}) };
    }
    const retryAfterMs = verdict === 'retry' ? parseRetryAfter(headerValue(response?.headers, 'retry-after'), clock.now()) : undefined;
    return { verdict, status, retryAfterMs, error: undefined, ...body };
  }

  return { send, build };
}
