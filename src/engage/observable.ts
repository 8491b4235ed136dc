/**
 * The headless state API the engagement features share: `getState()` returns one immutable
 * snapshot until the state changes (so React's `useSyncExternalStore` can compare it by
 * reference) and `subscribe` calls listeners after each change. A listener that throws does not
 * stop the others; its error goes to the reporter.
 */

/** Reading and watching a feature's state. */
export interface Observable<S> {
  /** The current snapshot; the same object until the next change. */
  getState(): S;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (state: S) => void): () => void;
}

/** An observable plus `set`, for the feature that owns it. */
export interface Subject<S> extends Observable<S> {
  /** Replaces the snapshot; `quiet` skips the listeners (a snapshot refreshed on read). */
  set(state: S, quiet?: boolean): void;
}

/** Creates a subject holding `initial`; `onListenerError` hears a listener that threw. */
export function createSubject<S>(initial: S, onListenerError: (error: unknown) => void): Subject<S> {
  let state = initial;
  const listeners = new Set<(state: S) => void>();
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    set(next, quiet) {
      state = next;
      if (!quiet) for (const listener of [...listeners]) {
        try {
          listener(next);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
