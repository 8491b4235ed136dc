/**
 * The one way the client reports a runtime failure: to `onError` when there is one, else a
 * console warning once per distinct problem (code and message), so every bad rule or option
 * is seen, while a loop repeating one bad call cannot flood the console. Past
 * {@link MAX_WARNINGS_PER_CODE} distinct messages of one code (messages that name a
 * changing value), one line says the rest of that code is silenced.
 */
import { NudgeKitError, reportTo, type ErrorCode, type ErrorHandler } from './errors';

/** Reports a failure; never throws. */
export type Report = (code: ErrorCode, message: string, details?: Record<string, unknown>, cause?: unknown) => void;

/** Distinct console warnings printed per code without an `onError`. */
export const MAX_WARNINGS_PER_CODE = 20;

/* @__NO_SIDE_EFFECTS__ */
export function createReporter(onError: ErrorHandler | undefined): Report {
  const warned = new Set<string>();
  const perCode = new Map<string, number>();
  return (code, message, details, cause) => {
    const error = new NudgeKitError(code, message, { details: details ?? {}, cause });
    if (onError) return reportTo(onError, error);
    if (typeof console === 'undefined') return;
    const key = `${code}\u0000${message}`;
    if (warned.has(key)) return;
    const count = perCode.get(code) ?? 0;
    if (count > MAX_WARNINGS_PER_CODE) return;
    perCode.set(code, count + 1);
    if (count === MAX_WARNINGS_PER_CODE) return console.warn(`[nudgekit] ${code}: more than ${MAX_WARNINGS_PER_CODE} different problems; further ones are not printed (pass onError to see them all)`);
    warned.add(key);
    console.warn(`[nudgekit] ${message}`);
  };
}
