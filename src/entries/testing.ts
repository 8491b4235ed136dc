/**
 * `nudgekit/testing`: helpers for your own tests of code that uses NudgeKit.
 *
 * @example
 * ```ts
 * import { createNudgeKit } from 'nudgekit';
 * import { createManualClock } from 'nudgekit/testing';
 * const clock = createManualClock();
 * const nk = createNudgeKit({ clock, store: 'memory' });
 * clock.advance(15 * 86_400_000); // two weeks later
 * ```
 *
 * @packageDocumentation
 */
export { createManualClock, systemClock } from '../core/clock';
export type { Clock, ManualClock } from '../core/clock';
