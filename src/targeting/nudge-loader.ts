/**
 * The nudge dispatcher and the renderer's code, loaded on demand (their own chunk): a page
 * pays for them when a rule can show a nudge, not in the script it loads first. The feature
 * starts loading them as soon as there are rules (`load()`), so the first nudge does not
 * wait on the network. The rule engine's decisions stay synchronous (exposure, caps and
 * fatigue are counted at the decision); an offer made while the code loads waits for it,
 * in order, and is then offered as it would have been.
 *
 * If the code cannot be loaded, the host app goes on: the failure goes to `onError`
 * (`chunk_load_failed`, `details.part` `nudges`), each waiting offer is tracked as
 * `nudge_dropped` with reason `load_failed`, and the next offer tries again.
 */
import { loadPart } from '../core/load-part';
import type { Report } from '../core/reporter';
import type { createDispatcher } from '../nudges/dispatcher';
import type { Dispatcher, DispatcherOptions, NudgeDecision } from '../nudges/dispatcher-types';
import { PRELOAD, type Preloadable } from '../nudges/preload';

/** A dispatcher whose code may still be loading. */
export interface LazyDispatcher extends Dispatcher {
  /** Starts loading the dispatcher and the renderer's code (once); settles when done or failed, never rejects. */
  load(): Promise<void>;
}

/**
 * Creates the dispatcher at once with `create` (the simulator has it at hand), or loads it on demand.
 *
 * @example
 * ```ts
 * const dispatcher = lazyDispatcher({ clock, track, emit, onError, renderer: domRenderer() }, report);
 * void dispatcher.load(); // rules are in force: the first nudge should not wait
 * ```
 */
export function lazyDispatcher(options: DispatcherOptions, report: Report, create?: typeof createDispatcher): LazyDispatcher {
  let real = create?.(options);
  let loading: Promise<void> | undefined;
  let waiting: NudgeDecision[] = [];
  let destroyed = false;

  const loaded = (make: typeof createDispatcher): void => {
    if (destroyed) return;
    real = make(options);
    for (const decision of waiting.splice(0)) real.offer(decision);
  };
  const failed = (): void => {
    loading = undefined;
    if (destroyed) return;
    for (const { rule, nudge, variant, version } of waiting.splice(0)) {
      options.track('nudge_dropped', { ruleId: rule.id, type: nudge.type, reason: 'load_failed', variant: variant ?? 'default', version: version ?? 1 });
    }
  };
  const load = (): Promise<void> => {
    if (real || destroyed) return Promise.resolve();
    // The renderer's own code (`domRenderer()`) loads with the dispatcher: one wait, not two.
    const renderer = options.renderer as Preloadable | undefined;
    const both = () => Promise.all([import('../nudges/dispatcher'), Promise.resolve().then(() => renderer?.[PRELOAD]?.())]);
    return (loading ??= loadPart(both, 'nudges', report, 'the nudges due are dropped').then((modules) => (modules ? loaded(modules[0].createDispatcher) : failed())));
  };

  return {
    load,
    offer(decision) {
      if (real) return real.offer(decision);
      if (destroyed) return;
      // As the dispatcher does: an offer for a rule already waiting is ignored.
      if (!waiting.some((pending) => pending.rule.id === decision.rule.id)) waiting.push(decision);
      void load();
    },
    current: () => real?.current(),
    goalMet(ruleId) {
      if (real) return real.goalMet(ruleId);
      // As for a queued offer: set aside, unshown.
      waiting = waiting.filter((pending) => pending.rule.id !== ruleId);
    },
    destroy() {
      destroyed = true;
      waiting.length = 0;
      real?.destroy();
    },
  };
}
