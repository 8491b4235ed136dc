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
  /** Forgets rules that are no longer loaded (their timers are cancelled when nothing else waits on them). */
  keepOnly(isLoaded: (id: string) => boolean): void;
  /** Cancels every timer. */
  destroy(): void;
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
  /** Rule id -> the timer it waits on. */
  const waiting = new Map<string, number>();
  const timers = new Map<number, () => void>();
  let nextTimer = 0;

  const start = (ids: string[], delayMs: number, trigger: TriggerFacts) => {
    const timer = ++nextTimer;
    for (const id of ids) waiting.set(id, timer);
    timers.set(
      timer,
      clock.setTimeout(() => {
        timers.delete(timer);
        const due = ids.filter((id) => waiting.get(id) === timer);
        for (const id of due) waiting.delete(id);
        if (due.length > 0) onDue(due, trigger);
      }, delayMs),
    );
  };

  return {
    schedule(rules, trigger) {
      const byDelay = new Map<number, string[]>();
      for (const rule of rules) {
        if (waiting.has(rule.id)) continue;
        const ids = byDelay.get(rule.delayMs);
        if (ids) ids.push(rule.id);
        else byDelay.set(rule.delayMs, [rule.id]);
      }
      for (const [delayMs, ids] of byDelay) start(ids, delayMs, trigger);
    },
    keepOnly(isLoaded) {
      for (const id of [...waiting.keys()]) if (!isLoaded(id)) waiting.delete(id);
      const used = new Set(waiting.values());
      for (const [timer, cancel] of timers) {
        if (!used.has(timer)) {
          cancel();
          timers.delete(timer);
        }
      }
    },
    destroy() {
      for (const cancel of timers.values()) cancel();
      timers.clear();
      waiting.clear();
    },
  };
}
