/**
 * The nudge model: what a rule shows. Plain JSON, so a rule loaded from a server
 * carries its nudge as data. Content is text only; renderers must never treat any
 * field as HTML.
 */
import type { JsonObject } from '../core/types';

/**
 * How a nudge is presented. `custom` is for the app's own renderer (headless); `survey` asks
 * one {@link SurveyQuestion} and is answered with `nudge.answer(value)`.
 */
export type NudgeType = 'modal' | 'banner' | 'toast' | 'custom' | 'survey';

/** What kind of answer a survey question takes. */
export type SurveyKind = 'nps' | 'rating' | 'single' | 'multi' | 'text';

/**
 * The one question of a `survey` nudge. The answer each kind takes: `nps` an integer 0–10;
 * `rating` an integer from `scale.min` to `scale.max` (default 1–5); `single` one of
 * `choices`; `multi` an array of `choices` (at least one); `text` a string, cut to
 * `maxLength` characters (default 500, at most 2000).
 *
 * @example
 * ```ts
 * const nps: SurveyQuestion = { kind: 'nps', text: 'How likely are you to recommend us to a friend?' };
 * const why: SurveyQuestion = { kind: 'single', text: 'What brought you here?', choices: ['Search', 'A friend', 'An ad'] };
 * ```
 */
export interface SurveyQuestion {
  kind: SurveyKind;
  /** The question, as shown; it also names the answer field for assistive technology. */
  text: string;
  /** `single` and `multi`: the options, 2 to 20. */
  choices?: string[];
  /** `rating` (default 1–5) and `nps` (always 0–10, labels only): the range and its end labels. */
  scale?: { min?: number; max?: number; minLabel?: string; maxLabel?: string };
  /** `text`: most characters kept (default 500, at most 2000). */
  maxLength?: number;
}

/** A button on a nudge. */
export interface NudgeAction {
  /** The button's text. */
  label: string;
  /** Where the button leads: `http:`, `https:` or a relative URL. Anything else is refused. */
  url?: string;
  /** An app-defined action name handed to the `nudge` listener instead of (or besides) navigating. */
  action?: string;
  /**
   * Traits recorded about the user when this button is clicked (through the client's
   * `identify`), e.g. `{ contactOptIn: true }` on a "remind me" prompt. Plain JSON, so a
   * rule loaded from a server can carry it.
   */
  traits?: JsonObject;
}

/** Where a banner or toast sits. */
export type NudgePlacement = 'top' | 'bottom' | 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'center';

/** What a rule shows. */
export interface NudgeContent {
  type: NudgeType;
  title?: string;
  body?: string;
  /** An image; `alt` is required (use `""` only for a purely decorative image). */
  image?: { src: string; alt: string };
  primary?: NudgeAction;
  secondary?: NudgeAction;
  placement?: NudgePlacement;
  /** Dismisses the nudge by itself after this many milliseconds (toasts default to 8000). */
  autoDismissMs?: number;
  /** Free-form data for a custom renderer. */
  data?: JsonObject;
  /** `survey`: the question (required for that type). */
  question?: SurveyQuestion;
  /** `survey`: a short thank-you shown (and announced) after the answer. */
  thanks?: string;
  /**
   * `survey`: a user who answered is asked again only this many days later; without it,
   * never again. Dismissals back off on their own (3, 6, then 12 days; none after the third).
   */
  reaskAfterDays?: number;
}
