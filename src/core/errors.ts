/**
 * Every failure NudgeKit reports carries one of these codes, so a host app can
 * switch on `err.code` instead of parsing messages.
 */
export const ERROR_CODES = {
  /** An event name that is empty, too long or not a string. */
  invalidEventName: 'invalid_event_name',
  /** `track()` of a name NudgeKit uses for its own events (`session_start`, `nudge_shown`, ...); rejected. */
  reservedEvent: 'reserved_event',
  /** A value that is not JSON (function, symbol, circular reference, ...) was dropped. */
  invalidProperty: 'invalid_property',
  /** The serialised event is over the 32 KB limit; it was rejected. */
  eventTooLarge: 'event_too_large',
  /** An argument of the wrong type (e.g. `identify(42)`). */
  invalidArgument: 'invalid_argument',
  /** A call made after `shutdown()`. */
  shutDown: 'shut_down',
  /** Storage failed; NudgeKit fell back or retried. */
  storageUnavailable: 'storage_unavailable',
  /** A stored record could not be read; it was dropped. */
  storageCorrupt: 'storage_corrupt',
  /** Storage is full: a write failed; new events queue in memory (`details.fallback`) and are still sent. */
  storageQuota: 'storage_quota',
  /** The backend rejected events for good (4xx other than 408/429, or the one event a 400/413/422 split isolated). */
  deliveryRejected: 'delivery_rejected',
  /** A transient delivery failure; it will be retried. */
  deliveryFailed: 'delivery_failed',
  /**
   * The endpoint answered with a redirect NudgeKit does not follow (301, 302, 303, a redirect the
   * browser hides, or too many hops): the events are kept and retried. `details.location` says
   * where it pointed, when known. Set `endpoint` to the final URL.
   */
  deliveryRedirected: 'delivery_redirected',
  /** Events dropped because the queue reached its cap. */
  queueOverflow: 'queue_overflow',
  /** A rule was invalid and was not loaded. */
  invalidRule: 'invalid_rule',
  /** Loading rules from a server failed. */
  rulesLoadFailed: 'rules_load_failed',
  /** A nudge could not be shown (unsafe URL, renderer error, ...). */
  nudgeFailed: 'nudge_failed',
  /** A user-supplied callback (handler, plugin, reducer, renderer) threw. */
  callbackFailed: 'callback_failed',
  /** NudgeKit's own code failed (a bug: please report it); the call or event was skipped, the client goes on. */
  internalError: 'internal_error',
  /**
   * A part of NudgeKit's own code loaded at start-up (the IndexedDB store, the sending code) could
   * not be fetched: a network error, or a CSP that blocks it. `details.part` says which. The client
   * goes on without it: without the store, events are kept in memory; without the sending code,
   * they wait in memory and, when the page closes, in the lifeboat for the next page load.
   */
  chunkLoadFailed: 'chunk_load_failed',
  /** A plugin returned something that is not a valid event of the same type; its changes were undone. */
  invalidPluginResult: 'invalid_plugin_result',
} as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/**
 * The error handed to `onError`. It is never thrown into the host app.
 *
 * @example
 * ```ts
 * createNudgeKit({ onError: (err) => { if (err.code === 'event_too_large') report(err) } })
 * ```
 */
export class NudgeKitError extends Error {
  override readonly name = 'NudgeKitError';
  /** What went wrong, machine-readable. */
  readonly code: ErrorCode;
  /** Extra facts: the event name, the rule id, the HTTP status, the count dropped. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

/**
 * Whether `value` is a {@link NudgeKitError}. Compares `name`, so it also works for
 * errors created in another realm (an iframe).
 */
export function isNudgeKitError(value: unknown): value is NudgeKitError {
  return value instanceof Error && value.name === 'NudgeKitError' && typeof (value as NudgeKitError).code === 'string';
}

/**
 * Thrown by `createNudgeKit` (and only there) when the configuration is wrong.
 * `path` points at the problem, e.g. `batch.maxEvents` or `rules[2].when.plan.$gte`.
 *
 * It is a `TypeError`, as is usual for misuse, and not a {@link NudgeKitError}: it is
 * a programming mistake to fix, not a runtime failure to report.
 */
export class ConfigError extends TypeError {
  override readonly name = 'ConfigError';
  /** Where in the configuration the problem is. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.path = path;
  }
}

/** Receives every runtime error NudgeKit reports. */
export type ErrorHandler = (error: NudgeKitError) => void;

/**
 * Calls `onError`, swallowing anything the handler itself throws, or the rejection of the
 * promise an `async` handler returns: reporting must never break the host app (in Node an
 * unhandled rejection ends the process).
 */
export function reportTo(onError: ErrorHandler | undefined, error: NudgeKitError): void {
  try {
    // `void` in the type, but an async function is assignable to it and returns a promise.
    const result: unknown = onError?.(error);
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
      (result as PromiseLike<unknown>).then(undefined, () => undefined);
    }
  } catch {
    // The handler is the host app's code; if it throws there is nowhere left to report to.
  }
}
