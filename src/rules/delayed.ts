/**
 * Rules with `delayMs` wait on their own timers. Rules that fired on the same event with the
 * same delay share one timer, so when it ends they are re-checked together and resolved as
 * one conflict (the next one gets its turn when the winner no longer qualifies). A rule
 * waits at most once at a time.
 */
import type { Clock } from '../core/clock';

/** What the triggering event contributed to the attributes: kept, since the client reuses that object. */
export type TriggerFacts = { event: unknown; properties: unknown } | undefined;

/** The waiting rules; see {@link createDelayedRules}. */
export interface DelayedRules {
  /** Starts waiting for each rule not already waiting. */
  schedule(rules: readonly { id: string; delayMs: number }[], trigger: TriggerFacts): void;
  /** Forgets rules that are no longer loaded. */
  keepOnly(isLoaded: (id: string) => boolean): void;
  /** Cancels every timer. */
  destroy(): void;
}

interface Wait {
  ids: string[];
  cancel: () => void;
}

/**
 * Creates the waiting room. `onDue` receives the ids whose delay has passed, in the order
 * they were scheduled, with the facts of the event that triggered them.
 *
 * @example
 * ```ts
 * const delayed = createDelayedRules(clock, (ids, trigger) => recheck(ids, trigger));
 * delayed.schedule([cartReminder], { event: 'add_to_cart', properties: { sku: 'A-1' } });
 * ```
 */
export function createDelayedRules(clock: Clock, onDue: (ids: string[], trigger: TriggerFacts) => void): DelayedRules {
  /** Rule id -> the wait it is part of. */
  const waiting = new Map<string, Wait>();
  const waits = new Set<Wait>();

  return {
    schedule(rules, trigger) {
      const byDelay = new Map<number, string[]>();
      for (const { id, delayMs } of rules) if (!waiting.has(id)) byDelay.set(delayMs, [...(byDelay.get(delayMs) ?? []), id]);
      for (const [delayMs, ids] of byDelay) {
        const wait: Wait = {
          ids,
          cancel: clock.setTimeout(() => {
            waits.delete(wait);
            const due = ids.filter((id) => waiting.get(id) === wait);
            for (const id of due) waiting.delete(id);
            if (due.length > 0) onDue(due, trigger);
          }, delayMs),
        };
        waits.add(wait);
        for (const id of ids) waiting.set(id, wait);
      }
    },
    keepOnly(isLoaded) {
      // Their timers still run out, and then find nothing to do.
      for (const id of waiting.keys()) if (!isLoaded(id)) waiting.delete(id);
    },
    destroy() {
      for (const wait of waits) wait.cancel();
      waits.clear();
      waiting.clear();
    },
  };
}
