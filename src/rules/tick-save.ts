/**
 * One save per tick, like the profile's: a burst of showings (or exposures) writes the rule
 * engine's state once, at the end of the current task.
 */
export interface TickSave {
  /** Schedules a save at the end of the tick (once however often it is called). */
  persist(): void;
  /** Saves now what is scheduled, if anything. */
  saveNow(): void;
  /** Forgets a scheduled save (the state it would write was replaced). */
  cancel(): void;
  /**
   * Saves what is scheduled and lets go of `write`: nothing of the engine waits for the end
   * of the tick (a replay that pushes events in one synchronous loop stops a device per user,
   * and each would otherwise live until the loop yields).
   */
  stop(): void;
}

/** Creates a save scheduler around `write`, which must not throw. */
export function createTickSave(write: () => void): TickSave {
  let pending = false;
  let save: (() => void) | undefined = write;
  const saveNow = () => {
    if (!pending) return;
    pending = false;
    save?.();
  };
  return {
    persist() {
      if (pending || !save) return;
      pending = true;
      if (!queued) queueMicrotask(saveDue);
      queued = true;
      due.add(saveNow);
    },
    saveNow,
    cancel() {
      pending = false;
    },
    stop() {
      saveNow();
      due.delete(saveNow);
      save = undefined;
    },
  };
}

// The saves due at the end of this tick, of every engine: one microtask however many ask (a
// replay runs an engine per user), and a stopped engine leaves the list at once.
const due = new Set<() => void>();
let queued = false;
const saveDue = () => {
  queued = false;
  for (const save of due) {
    due.delete(save);
    save();
  }
};
