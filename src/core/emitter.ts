/**
 * A typed emitter: each event name maps to a tuple of arguments. A listener that
 * throws does not stop the others; its error goes to `onListenerError`.
 */
export interface Emitter<Events extends Record<string, unknown[]>> {
  on<K extends keyof Events>(type: K, listener: (...args: Events[K]) => void): () => void;
  off<K extends keyof Events>(type: K, listener: (...args: Events[K]) => void): void;
  emit<K extends keyof Events>(type: K, ...args: Events[K]): void;
  count(type: keyof Events): number;
  clear(): void;
}

/* @__NO_SIDE_EFFECTS__ */
export function createEmitter<Events extends Record<string, unknown[]>>(
  onListenerError: (error: unknown, type: keyof Events) => void,
): Emitter<Events> {
  type AnyListener = (...args: unknown[]) => void;
  const listeners = new Map<keyof Events, Set<AnyListener>>();
  const emitter: Emitter<Events> = {
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(listener as unknown as AnyListener);
      return () => emitter.off(type, listener);
    },
    off(type, listener) {
      listeners.get(type)?.delete(listener as unknown as AnyListener);
    },
    emit(type, ...args) {
      const set = listeners.get(type);
      if (!set) return;
      // A copy, so a listener that unsubscribes itself does not skip the next one.
      for (const listener of [...set]) {
        try {
          listener(...(args as unknown[]));
        } catch (error) {
          onListenerError(error, type);
        }
      }
    },
    count: (type) => listeners.get(type)?.size ?? 0,
    clear: () => listeners.clear(),
  };
  return emitter;
}
