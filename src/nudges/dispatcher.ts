/**
 * The nudge dispatcher: one nudge on screen at a time, the rest queued by priority, and
 * the lifecycle of each showing recorded as `nudge_shown`, `nudge_clicked` and
 * `nudge_dismissed` through the client's `track`; an offer that never got its turn is
 * recorded as `nudge_dropped`.
 */
import { uuid } from '../core/ids';
import { ERROR_CODES } from '../core/errors';
import { createReporter } from '../core/reporter';
import type { JsonObject } from '../core/types';
import type { ActiveNudge, CloseReason, DismissReason, NudgeEventProperties } from './active-nudge';
import type { Dispatcher, DispatcherOptions, DropReason, Pending } from './dispatcher-types';
import type { NudgeContent } from './model';
import { sanitizeNudge } from './sanitize';
import { checkAnswer } from './survey-answer';

/**
 * How long a toast stays when its nudge sets no `autoDismissMs`.
 *
 * @example
 * ```ts
 * clock.advance(TOAST_DEFAULT_MS); // an unattended toast is gone
 * ```
 */
export const TOAST_DEFAULT_MS = 8000;

/**
 * Creates the dispatcher. The client calls it once and feeds it the rule engine's `show`
 * decisions.
 *
 * @example
 * ```ts
 * const dispatcher = createDispatcher({
 *   clock: systemClock,
 *   renderer: domRenderer(),
 *   track: (event, properties) => nk.track(event, properties),
 *   emit: (nudge) => listeners.emit(nudge),
 *   onError: console.warn,
 * });
 * dispatcher.offer({ rule, nudge: rule.nudge, priority: rule.priority ?? 0 });
 * ```
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { clock, renderer, onError } = options;
  const maxQueue = options.maxQueue ?? 3;
  const queueTtlMs = options.queueTtlMs ?? 60_000;
  const claimMs = options.claimMs ?? 10_000;
  const queue: Pending[] = [];
  let active: ActiveNudge | undefined;
  // Closes the active nudge without tracking (shutdown).
  let closeActive: ((reason: CloseReason) => void) | undefined;
  let destroyed = false;

  const report = createReporter(onError);

  // Runs the host app's code (track, listeners, renderer cleanup): a throw is reported, never passed on.
  function guarded<T>(what: string, ruleId: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      report(ERROR_CODES.callbackFailed, `${what} threw`, { ruleId }, error);
      return undefined;
    }
  }

  // guarded() inlined: a closure per tracked event was most of what tracking a showing allocated.
  const track = (event: string, properties: JsonObject, ruleId: string): void => {
    try {
      options.track(event, properties);
    } catch (error) {
      report(ERROR_CODES.callbackFailed, `${event} threw`, { ruleId }, error);
    }
  };
  // Never shown, so it counts toward no cap, but the product team should see it went missing.
  const drop = ({ rule, nudge, variant, version }: Pending, reason: DropReason): void =>
    track('nudge_dropped', { ruleId: rule.id, type: nudge.type, reason, variant, version }, rule.id);

  function present(pending: Pending): void {
    const { rule, priority } = pending;
    const ruleId = rule.id;
    const content = sanitizeNudge(ruleId, pending.nudge, onError);
    const base: NudgeEventProperties = { ruleId, nudgeId: uuid(), type: content.type, variant: pending.variant, version: pending.version };
    const autoMs = content.autoDismissMs ?? (content.type === 'toast' ? TOAST_DEFAULT_MS : 0);
    // Made by the first onClose: most nudges have no listener.
    let closeListeners: Array<(reason: CloseReason) => void> | undefined;
    let isShown = false;
    let isClosed = false;
    let cleanup: (() => void) | undefined;
    let cancelTimer: (() => void) | undefined;
    let cancelClaim: (() => void) | undefined;
    let deadline = 0;
    let remaining = autoMs;

    function startTimer(): void {
      if (autoMs <= 0 || cancelTimer || isClosed) return;
      // Paused after the deadline but before the (late, e.g. throttled) timer fired: time is up.
      if (remaining <= 0) return nudge.dismiss('timeout');
      deadline = clock.now() + remaining;
      cancelTimer = clock.setTimeout(() => {
        cancelTimer = undefined;
        nudge.dismiss('timeout');
      }, remaining);
    }

    function close(reason: CloseReason): void {
      if (isClosed) return;
      isClosed = (nudge as { closed: boolean }).closed = true;
      cancelTimer?.();
      cancelClaim?.();
      cancelTimer = undefined;
      if (cleanup) guarded('cleanup', ruleId, cleanup);
      const listeners = closeListeners;
      closeListeners = undefined;
      for (const listener of listeners ?? []) guarded('onClose', ruleId, () => listener(reason));
      if (active === nudge) {
        active = undefined;
        next();
      }
    }

    // Its own fields first, in one literal, then the content copied in: not `{ ...content, id,
    // ... }` (V8, Node 20, gives an object made by a spread followed by more keys a map of its
    // own, about 20 µs a nudge), nor the content first with the fields assigned after (twelve
    // keys added one by one, where here the content adds its few: 0.24 µs a nudge less).
    // `closed` is a data property that close() sets.
    const nudge: ActiveNudge = Object.assign({
      id: base.nudgeId,
      ruleId,
      variant: pending.variant,
      priority,
      shown() {
        if (isShown || isClosed) return;
        isShown = true;
        cancelClaim?.();
        track('nudge_shown', { ...base }, ruleId);
        startTimer();
      },
      click(actionId) {
        if (isClosed) return undefined;
        nudge.shown();
        const action = actionId === 'primary' ? content.primary : actionId === 'secondary' ? content.secondary : undefined;
        const properties: JsonObject = { ...base, action: actionId };
        if (action?.url !== undefined) properties['url'] = action.url;
        if (action?.action !== undefined) properties['actionName'] = action.action;
        track('nudge_clicked', properties, ruleId);
        const traits = action?.traits;
        if (traits && options.identify) guarded('identify', ruleId, () => options.identify!(traits));
        close('clicked');
        return action?.url;
      },
      dismiss(reason = 'close') {
        if (isClosed) return;
        if (isShown) track(content.type === 'survey' ? 'survey_dismissed' : 'nudge_dismissed', Object.assign({}, base, { reason }), ruleId);
        else if (reason === 'replaced') drop(pending, 'replaced');
        close(reason);
      },
      answer(value) {
        const question = content.question;
        const answer = isClosed || content.type !== 'survey' || !question ? undefined : checkAnswer(question, value);
        if (answer === undefined) return false;
        nudge.shown();
        // Free text under its own key: `redact: ['text']` keeps it off the device and the wire.
        track('survey_answered', { ...base, kind: question!.kind, [question!.kind === 'text' ? 'text' : 'value']: answer }, ruleId);
        close('answered');
        return true;
      },
      pause() {
        if (!cancelTimer) return;
        cancelTimer();
        cancelTimer = undefined;
        remaining = deadline - clock.now();
      },
      resume() {
        if (isShown) startTimer();
      },
      onClose(listener) {
        if (isClosed) return () => {};
        (closeListeners ??= []).push(listener);
        return () => {
          const index = closeListeners?.indexOf(listener) ?? -1;
          if (index >= 0) closeListeners!.splice(index, 1);
        };
      },
      closed: false,
    } satisfies Omit<ActiveNudge, keyof NudgeContent>, content);
    active = nudge;
    closeActive = close;

    let rendered = false;
    if (renderer) {
      try {
        const result = renderer(nudge);
        if (result !== false) rendered = true;
        if (typeof result === 'function') {
          // Closed while rendering (e.g. a synchronous click): clean up at once.
          if (isClosed) result();
          else cleanup = result;
        }
      } catch (error) {
        report(ERROR_CODES.nudgeFailed, 'renderer threw', { ruleId }, error);
      }
    }
    // A listener that threw still exists: it may have shown the nudge before throwing.
    const listened = !isClosed && guarded('nudge listener', ruleId, () => options.emit(nudge)) !== false;
    if (!rendered && !listened && !isClosed) {
      // Nobody can show it yet. A UI that subscribes after the first events (a React or Vue
      // component mounting late) picks it up through `current()`; until then it waits unshown,
      // counting toward nothing, and if nobody claims it in time it is withdrawn.
      cancelClaim = clock.setTimeout(() => {
        report(ERROR_CODES.nudgeFailed, `no renderer or listener showed the ${content.type} within ${claimMs} ms`, { ruleId }, undefined);
        drop(pending, 'unclaimed');
        close('withdrawn');
      }, claimMs);
    }
  }

  function next(): void {
    if (destroyed) return;
    const stale: Pending[] = [];
    let pending = queue.shift();
    for (; pending && clock.now() - pending.at > queueTtlMs; pending = queue.shift()) stale.push(pending);
    if (pending) present(pending);
    // Tracked after the next one is up: a rule reacting to these events finds a consistent state.
    for (const dropped of stale) drop(dropped, 'stale');
  }

  return {
    offer(decision) {
      if (destroyed) return;
      try {
        const id = decision.rule.id;
        if (active?.ruleId === id || queue.some((pending) => pending.rule.id === id)) return;
        const pending: Pending = { rule: decision.rule, nudge: decision.nudge, priority: decision.priority, variant: decision.variant ?? 'default', version: decision.version ?? 1, at: clock.now() };
        if (!active) return present(pending);
        if (pending.priority > active.priority) {
          const replaced = active;
          active = undefined;
          // Set aside first, so closing it does not pull the next queued offer onto the screen.
          replaced.dismiss('replaced');
          return present(pending);
        }
        let index = queue.findIndex((queued) => queued.priority < pending.priority);
        if (index < 0) index = queue.length;
        queue.splice(index, 0, pending);
        if (queue.length > maxQueue) drop(queue.pop()!, 'queue_full');
      } catch (error) {
        report(ERROR_CODES.internalError, `offer failed: ${String(error)}`, { ruleId: decision?.rule?.id ?? '' }, error);
      }
    },
    current: () => active,
    goalMet(ruleId) {
      if (destroyed) return;
      // Set aside unshown: showing a coupon for an order already placed would only confuse.
      const queued = queue.findIndex((pending) => pending.rule.id === ruleId);
      if (queued >= 0) queue.splice(queued, 1);
      if (active?.ruleId === ruleId) active.dismiss('goal_met');
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      queue.length = 0;
      if (active) {
        active = undefined;
        closeActive?.('destroyed');
      }
    },
  };
}
