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
}

/** Creates a save scheduler around `write`, which must not throw. */
export function createTickSave(write: () => void): TickSave {
  let pending = false;
  const saveNow = () => {
    if (!pending) return;
    pending = false;
    write();
  };
  return {
    persist() {
      if (pending) return;
      pending = true;
      queueMicrotask(saveNow);
    },
    saveNow,
    cancel() {
      pending = false;
    },
  };
}
