import type { Clock } from '../core/clock';
import type { AnalyticsEvent } from '../core/types';
import { gzip } from './gzip';
import type { FormatFunction, FormatMeta, ResolvedDeliveryOptions, Transport, TransportRequest } from './options';
import { classifyStatus, headerValue, parseRetryAfter, type Verdict } from './retry';

/** The result of one request. `status` 0 means no answer: network error, abort or timeout. */
export interface SendOutcome {
  verdict: Verdict;
  status: number;
  /** From `Retry-After`, when the server sent one. */
  retryAfterMs: number | undefined;
  /** The network error, timeout or formatter error, if any. */
  error: unknown;
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
      const pending = Promise.resolve().then(() => transport(request));
      pending.catch(() => undefined);
      const response = await Promise.race([pending, timedOut]);
      if (response === 'timeout') {
        return { verdict: 'retry', status: 0, retryAfterMs: undefined, error: new Error(`no answer within ${options.timeoutMs} ms`) };
      }
      const status = typeof response?.status === 'number' ? response.status : 0;
      const verdict = classifyStatus(status);
      const retryAfterMs = verdict === 'retry' ? parseRetryAfter(headerValue(response.headers, 'retry-after'), clock.now()) : undefined;
      return { verdict, status, retryAfterMs, error: undefined };
    } catch (error) {
      return { verdict: 'retry', status: 0, retryAfterMs: undefined, error };
    } finally {
      cancelTimer();
    }
  }

  return { send, build };
}
