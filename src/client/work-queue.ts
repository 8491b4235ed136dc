/**
 * Runs work items one at a time, in the order they were pushed. An item pushed while
 * another runs (a stage change, a nudge event) waits for it to finish, so processing
 * is never re-entered. A failing item is reported and the rest still run.
 */
export interface WorkQueue {
  push(item: () => void): void;
  /** Resolves once everything pushed so far has run. */
  idle(): Promise<void>;
}

/* @__NO_SIDE_EFFECTS__ */
export function createWorkQueue(onError: (error: unknown) => void): WorkQueue {
  const items: Array<() => void> = [];
  let running = false;

  function drain(): void {
    running = true;
    try {
      // Index walk instead of shift(): shift is O(n) per call on long bursts.
      for (let i = 0; i < items.length; i++) {
        try {
          items[i]!();
        } catch (error) {
          onError(error);
        }
      }
    } finally {
      items.length = 0;
      running = false;
    }
  }

  return {
    push(item) {
      items.push(item);
      if (!running) drain();
    },
    idle: () => Promise.resolve(),
  };
}
