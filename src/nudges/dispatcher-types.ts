/**
 * The dispatcher's types: what it is fed, its options and its interface. Apart from
 * dispatcher.ts so the implementation stays one idea (showing and queueing).
 */
import type { Clock } from '../core/clock';
import type { ErrorHandler } from '../core/errors';
import type { JsonObject } from '../core/types';
import type { RuleDefinition } from '../rules/types';
import type { ActiveNudge, Renderer } from './active-nudge';
import type { NudgeContent } from './model';

/**
 * Why an offer was dropped without ever being shown, sent as `reason` with `nudge_dropped`:
 * `queue_full` (pushed out of the queue by higher priority offers), `stale` (waited in the
 * queue longer than `queueTtlMs`), `unclaimed` (no renderer or listener took it within
 * `claimMs`), `replaced` (a higher priority offer took its place before it was shown),
 * `load_failed` (the code that shows nudges could not be loaded: see `chunk_load_failed`).
 *
 * @example
 * ```ts
 * nk.on('event', (e) => { if (e.type === 'track' && e.event === 'nudge_dropped') log(e.properties.reason as DropReason); });
 * ```
 */
export type DropReason = 'queue_full' | 'stale' | 'unclaimed' | 'replaced' | 'load_failed';

/**
 * What the rule engine decided to show.
 *
 * @example
 * ```ts
 * const decision: NudgeDecision = { rule, nudge: rule.nudge, priority: rule.priority ?? 0 };
 * ```
 */
export interface NudgeDecision {
  rule: RuleDefinition;
  nudge: NudgeContent;
  priority: number;
  /** The user's arm of the rule, sent with every `nudge_*` event (default `default`). */
  variant?: string;
  /** The rule's version, sent with every `nudge_*` event (default 1). */
  version?: string | number;
}

/**
 * Options of `createDispatcher`.
 *
 * @example
 * ```ts
 * const options: DispatcherOptions = { clock, track, emit: () => false, onError, maxQueue: 5, queueTtlMs: 30_000 };
 * ```
 */
export interface DispatcherOptions {
  clock: Clock;
  /** Renders nudges (e.g. `domRenderer()`); without one, `nudge` listeners do it (headless). */
  renderer?: Renderer;
  /** The client's `track`: the `nudge_*` events go through the normal pipeline. */
  track: (event: string, properties: JsonObject) => void;
  /** Hands the nudge to `nudge` listeners; returns whether any listener exists. */
  emit: (nudge: ActiveNudge) => boolean;
  /** Records traits (the client's `identify` with the current user) when an action carries `traits`. */
  identify?: (traits: JsonObject) => void;
  onError: ErrorHandler;
  /** Offers waiting behind the one on screen (default 3); beyond it the lowest priority is dropped. */
  maxQueue?: number;
  /** A queued offer older than this is dropped instead of shown (default 60 000 ms): it is stale. */
  queueTtlMs?: number;
  /**
   * How long a nudge that neither the renderer nor a listener took stays on offer, unshown,
   * for a UI that mounts late to pick it up through `current()` (default 10 000 ms). Then it
   * is withdrawn: reported as `nudge_failed` and tracked as `nudge_dropped` (`unclaimed`).
   */
  claimMs?: number;
}

/**
 * The dispatcher the client feeds with decisions.
 *
 * @example
 * ```ts
 * dispatcher.offer(decision);
 * dispatcher.current()?.dismiss('close');
 * dispatcher.destroy(); // on shutdown
 * ```
 */
export interface Dispatcher {
  /**
   * Offers a nudge. Nothing on screen: it is shown. A strictly higher priority than the one on
   * screen: it replaces it (that one is dismissed with reason `replaced`). Otherwise it waits in a
   * bounded queue, highest priority first, ties in arrival order. An offer for a rule already on
   * screen or queued is ignored. An offer pushed out of the full queue, or stale by its turn,
   * is tracked as `nudge_dropped`.
   */
  offer(decision: NudgeDecision): void;
  /** The nudge on screen, handed to listeners, or waiting for a late UI to claim it; not yet closed. */
  current(): ActiveNudge | undefined;
  /**
   * The rule's goal was met (its `nudge_converted` was tracked): its nudge on screen is dismissed
   * with reason `goal_met` (a coupon banner does not stay after the order), and a queued offer
   * of it is set aside.
   */
  goalMet(ruleId: string): void;
  /** Shutdown: closes the current nudge without tracking, clears the queue, ignores later offers. */
  destroy(): void;
}

/** An offer waiting for its turn. */
export interface Pending {
  rule: RuleDefinition;
  nudge: NudgeContent;
  priority: number;
  variant: string;
  version: string | number;
  at: number;
}
