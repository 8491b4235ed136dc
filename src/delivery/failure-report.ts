import { ERROR_CODES, NudgeKitError } from '../core/errors';
import type { SendOutcome } from './sender';

/** How much of a response body goes into a message (all of the read prefix goes into `details.response`). */
const MESSAGE_BODY_CHARS = 200;

/**
 * The report of a batch that was not delivered and will be sent again: a redirect that was not
 * followed (`delivery_redirected`, with where it pointed), or a transient failure
 * (`delivery_failed`, saying what happened: the status, or a refused connection, a DNS failure,
 * a timeout...).
 *
 * @example
 * ```ts
 * reportTo(onError, retryReport(outcome, { count: 3, attempt: 1, retryInMs: 800 }));
 * ```
 */
export function retryReport(outcome: SendOutcome, facts: { count: number; attempt: number; retryInMs: number }): NudgeKitError {
  const { count: n, retryInMs } = facts;
  const { status } = outcome;
  if (outcome.verdict === 'redirect') {
    const where = outcome.location
      ? `with status ${status} to ${outcome.location}`
      : status === 0
        ? 'with a redirect the browser does not show (its status and Location are hidden from scripts)'
        : `with status ${status} and no usable Location`;
    return new NudgeKitError(
      ERROR_CODES.deliveryRedirected,
      `The endpoint redirected ${n} event(s) ${where}; a redirected POST is no acknowledgement, so they are kept and sent again in ${retryInMs} ms. Set the endpoint to the final URL`,
      { details: { status, ...(outcome.location ? { location: outcome.location } : {}), ...facts } },
    );
  }
  const what = outcome.failure ? `: ${outcome.failure.text}` : ` (status ${status}${quote(outcome.body)})`;
  return new NudgeKitError(ERROR_CODES.deliveryFailed, `Sending ${n} event(s) failed${what}; retrying in ${retryInMs} ms`, {
    cause: outcome.error,
    details: { status, ...reasonOf(outcome), ...responseOf(outcome), ...facts },
  });
}

/**
 * The report of a batch the backend rejected for good (`delivery_rejected`), with the start
 * of what it answered.
 *
 * @example
 * ```ts
 * reportTo(onError, rejectedReport(outcome, records.map((r) => r.id)));
 * ```
 */
export function rejectedReport(outcome: SendOutcome, messageIds: string[]): NudgeKitError {
  const n = messageIds.length;
  return new NudgeKitError(
    ERROR_CODES.deliveryRejected,
    `The backend rejected ${n} event(s) with status ${outcome.status}${quote(outcome.body)}; they were dropped`,
    { cause: outcome.error, details: { status: outcome.status, count: n, messageIds, ...responseOf(outcome) } },
  );
}

function quote(body: string | undefined): string {
  if (!body) return '';
  const text = body.replace(/\s+/g, ' ').trim();
  return text === '' ? '' : `: "${text.length > MESSAGE_BODY_CHARS ? `${text.slice(0, MESSAGE_BODY_CHARS)}…` : text}"`;
}

function reasonOf(outcome: SendOutcome): Record<string, string> {
  if (!outcome.failure) return {};
  return outcome.failure.errorCode ? { reason: outcome.failure.reason, errorCode: outcome.failure.errorCode } : { reason: outcome.failure.reason };
}

function responseOf(outcome: SendOutcome): Record<string, string> {
  return outcome.body ? { response: outcome.body } : {};
}
