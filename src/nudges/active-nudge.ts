/**
 * The types a renderer or the app's own UI receives: one showing of one nudge.
 */
import type { JsonObject } from '../core/types';
import type { NudgeContent, SurveyQuestion } from './model';

/**
 * Why a nudge closed without a click. Renderers use the first four; the dispatcher the rest;
 * an app may pass its own.
 *
 * @example
 * ```ts
 * nudge.dismiss('escape');
 * ```
 */
export type DismissReason = 'close' | 'escape' | 'backdrop' | 'timeout' | 'replaced' | 'goal_met' | (string & {});

/**
 * Why a nudge closed, as told to {@link ActiveNudge.onClose} listeners: a dismiss reason,
 * `clicked`, `answered` (a survey), `withdrawn` (nobody could show it) or `destroyed` (shutdown).
 *
 * @example
 * ```ts
 * nudge.onClose((reason: CloseReason) => { if (reason !== 'clicked') analytics.note(reason); });
 * ```
 */
export type CloseReason = DismissReason | 'clicked' | 'answered' | 'withdrawn' | 'destroyed';

/**
 * One showing of a nudge, handed to the renderer and to `nudge` listeners. Its content is
 * the rule's nudge after the safety check: an action or image with an unsafe URL has been
 * removed (and reported as `nudge_failed`).
 *
 * Every method is safe to call at any time and any number of times: after the nudge has
 * closed they do nothing.
 *
 * @example
 * ```ts
 * nk.on('nudge', (nudge) => {
 *   showMyDialog(nudge.title, nudge.body, {
 *     onOpen: () => nudge.shown(),
 *     onOk: () => { const url = nudge.click('primary'); if (url) location.assign(url); },
 *     onClose: () => nudge.dismiss('close'),
 *   });
 *   nudge.onClose(() => hideMyDialog());
 * });
 * ```
 */
export interface ActiveNudge extends NudgeContent {
  /** Unique per showing; sent as `nudgeId` with every `nudge_*` event. */
  readonly id: string;
  /** The rule that produced this nudge. */
  readonly ruleId: string;
  /** The user's arm of that rule: a variant id, or `default` for a rule with a single nudge. */
  readonly variant: string;
  /** The rule's priority (default 0). */
  readonly priority: number;
  /**
   * The UI displayed it: tracks `nudge_shown` (once) and starts the auto-dismiss timer.
   */
  shown(): void;
  /**
   * The user chose an action: tracks `nudge_clicked { action, url? }` and closes the nudge.
   * Records the action's `traits`, if any. Does not navigate: it returns the action's URL
   * (already checked safe) for the caller to follow, or `undefined`.
   * A click on a nudge not yet marked shown marks it shown first.
   */
  click(actionId: 'primary' | 'secondary' | (string & {})): string | undefined;
  /**
   * The user closed it: tracks `nudge_dismissed { reason }` and closes the nudge.
   * Dismissing a nudge that was never marked shown closes it silently (it never reached the user).
   */
  dismiss(reason?: DismissReason): void;
  /**
   * A `survey`'s answer: tracks `survey_answered { kind, value }` (a `text` answer as `text`
   * instead of `value`, so the client's `redact` rules can name it) and closes the nudge.
   * Returns `false`, changing nothing, when `value` is not an answer to the question (see
   * {@link SurveyQuestion}) or the nudge is not a survey. On a survey, `dismiss()` tracks
   * `survey_dismissed` instead of `nudge_dismissed`.
   *
   * @example
   * ```ts
   * if (nudge.type === 'survey' && nudge.question?.kind === 'nps') nudge.answer(9);
   * ```
   */
  answer(value: unknown): boolean;
  /** Pauses the auto-dismiss timer (hover, focus). */
  pause(): void;
  /** Resumes the auto-dismiss timer with the time that was left. */
  resume(): void;
  /** Whether the nudge has closed. */
  readonly closed: boolean;
  /**
   * Calls `listener` once when the nudge closes for any reason (click, dismiss, timeout,
   * replaced by a higher priority nudge, shutdown). Returns an unsubscribe function.
   */
  onClose(listener: (reason: CloseReason) => void): () => void;
}

/**
 * Renders a nudge and returns a cleanup that removes it (called by the dispatcher when the
 * nudge closes for any reason). Return `false` to decline a nudge (e.g. a `custom` type the
 * renderer does not know), leaving it to `nudge` listeners.
 *
 * @example
 * ```ts
 * const logRenderer: Renderer = (nudge) => {
 *   console.log(nudge.title);
 *   nudge.shown();
 *   return () => console.log('closed', nudge.id);
 * };
 * ```
 */
export type Renderer = (nudge: ActiveNudge) => (() => void) | void | false;

/**
 * The properties sent with every `nudge_*` event.
 *
 * @example
 * ```ts
 * const shown: NudgeEventProperties = { ruleId: 'welcome-back', nudgeId: '3f0c…', type: 'modal', variant: 'a', version: 1 };
 * ```
 */
export interface NudgeEventProperties extends JsonObject {
  ruleId: string;
  nudgeId: string;
  type: string;
  /** The user's arm of the rule (`default` for a rule with a single nudge). */
  variant: string;
  /** The rule's version (default 1). */
  version: string | number;
}
