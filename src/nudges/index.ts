/**
 * `nudges/`: the nudge model, the dispatcher, the headless API and the recall presets.
 *
 * @packageDocumentation
 */
export type { NudgeAction, NudgeContent, NudgePlacement, NudgeType } from './model';
export type { ActiveNudge, CloseReason, DismissReason, NudgeEventProperties, Renderer } from './active-nudge';
export { createDispatcher, TOAST_DEFAULT_MS } from './dispatcher';
export type { Dispatcher, DispatcherOptions, DropReason, NudgeDecision } from './dispatcher-types';
export { isSafeUrl } from './safe-url';
export { sanitizeNudge } from './sanitize';
export { firstConversion, remindMe, welcomeBack, winBackHighValue } from './presets';
export type { PresetOptions, RemindMeOptions } from './presets';
