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
    const where = outcome.location ? ` (${status}) to ${outcome.location}` : status ? ` (${status})` : ' with a redirect the browser does not show';
    return new NudgeKitError(ERROR_CODES.deliveryRedirected, `The endpoint redirected ${n} event(s)${where}; kept, retrying in ${retryInMs} ms. Set endpoint to the final URL`, {
      details: { status, ...(outcome.location ? { location: outcome.location } : {}), ...facts },
    });
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
  return body ? `: "${body.slice(0, MESSAGE_BODY_CHARS)}"` : '';
}

function reasonOf(outcome: SendOutcome): Record<string, string> {
  if (!outcome.failure) return {};
  return outcome.failure.errorCode ? { reason: outcome.failure.reason, errorCode: outcome.failure.errorCode } : { reason: outcome.failure.reason };
}

function responseOf(outcome: SendOutcome): Record<string, string> {
  return outcome.body ? { response: outcome.body } : {};
}
