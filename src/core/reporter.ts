/**
 * The one way the client reports a runtime failure: to `onError` when there is one,
 * else a console warning once per code, so a loop of bad calls cannot flood the console.
 */
import { NudgeKitError, reportTo, type ErrorCode, type ErrorHandler } from './errors';

/** Reports a failure; never throws. */
export type Report = (code: ErrorCode, message: string, details?: Record<string, unknown>, cause?: unknown) => void;

/* @__NO_SIDE_EFFECTS__ */
export function createReporter(onError: ErrorHandler | undefined): Report {
  const warned = new Set<string>();
  return (code, message, details, cause) => {
    const error = new NudgeKitError(code, message, { details: details ?? {}, cause });
    if (onError) return reportTo(onError, error);
    if (!warned.has(code) && typeof console !== 'undefined') {
      warned.add(code);
      console.warn(`[nudgekit] ${message}`);
    }
  };
}
