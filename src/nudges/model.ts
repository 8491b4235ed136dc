/**
 * The nudge model: what a rule shows. Plain JSON, so a rule loaded from a server
 * carries its nudge as data. Content is text only; renderers must never treat any
 * field as HTML.
 */
import type { JsonObject } from '../core/types';

/** How a nudge is presented. `custom` is for the app's own renderer (headless). */
export type NudgeType = 'modal' | 'banner' | 'toast' | 'custom';

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
}
