/**
 * Turns a rule's nudge into what a renderer may show: unsafe URLs are removed before any
 * renderer or listener sees them, so no renderer has to remember to check.
 */
import { ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from '../core/errors';
import type { ActiveNudge } from './active-nudge';
import type { NudgeAction, NudgeContent } from './model';
import { isSafeUrl } from './safe-url';
import { clipText, TEXT_LIMITS } from './text-limits';

// What a nudge became, once it needed nothing removed: a rule's nudge is shown again and again
// (and once per user in a replay), the same object each time. Kept only when the nudge and the
// parts the copy shares with it are frozen (validated rules are), so a later change cannot slip
// past; a nudge with an unsafe URL is not kept, so its removal is reported at every showing.
const clean = new WeakMap<NudgeContent, NudgeContent>();

// The shown nudge's own fields and methods (`ActiveNudge`): the dispatcher copies the content
// over them, so a rule's nudge that names one (`"dismiss": "…"`) must not replace it.
const ACTIVE_FIELDS: ReadonlyArray<Exclude<keyof ActiveNudge, keyof NudgeContent>> = ['id', 'ruleId', 'variant', 'priority', 'shown', 'click', 'dismiss', 'answer', 'pause', 'resume', 'onClose', 'closed'];

/**
 * A copy of `nudge` without actions whose `url` is unsafe and without an image whose `src`
 * is unsafe; each removal is reported as `nudge_failed` with the rule id and the field. Keys
 * that name a shown nudge's own fields (`id`, `dismiss`, ...) are left out silently.
 *
 * @example
 * ```ts
 * sanitizeNudge('r1', { type: 'toast', primary: { label: 'Go', url: 'javascript:x' } }, onError);
 * // -> { type: 'toast' }, and onError got a nudge_failed error for `primary.url`
 * ```
 */
export function sanitizeNudge(ruleId: string, nudge: NudgeContent, onError: ErrorHandler): NudgeContent {
  const known = clean.get(nudge);
  if (known) return known;
  let refused = false;
  const safe: NudgeContent = { ...nudge };
  for (const key of ACTIVE_FIELDS) if (key in safe) delete (safe as unknown as Record<string, unknown>)[key];
  // Texts past their limit are cut (validation has warned): laying out 100 KB froze the page.
  for (const key of ['title', 'body', 'thanks'] as const) {
    const text = nudge[key];
    if (typeof text === 'string' && text.length > TEXT_LIMITS[key]) safe[key] = clipText(text, TEXT_LIMITS[key]);
  }
  const refuse = (field: string, url: unknown): void => {
    refused = true;
    reportTo(onError, new NudgeKitError(ERROR_CODES.nudgeFailed, `unsafe URL in ${field}`, { details: { ruleId, field, url } }));
  };
  for (const key of ['primary', 'secondary'] as const) {
    const action: NudgeAction | undefined = nudge[key];
    if (!action) continue;
    if (action.url !== undefined && !isSafeUrl(action.url)) {
      delete safe[key];
      refuse(`${key}.url`, action.url);
    } else if (typeof action.label === 'string' && action.label.length > TEXT_LIMITS.label) {
      safe[key] = { ...action, label: clipText(action.label, TEXT_LIMITS.label) };
    }
  }
  if (nudge.image && !isSafeUrl(nudge.image.src)) {
    delete safe.image;
    refuse('image.src', nudge.image.src);
  }
  if (!refused && [nudge, nudge.primary, nudge.secondary, nudge.image].every((part) => !part || Object.isFrozen(part))) clean.set(nudge, safe);
  return safe;
}
