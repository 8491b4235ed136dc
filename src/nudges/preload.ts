/**
 * How a renderer whose code loads on demand (`domRenderer()`) lets the targeting feature load
 * that code ahead of the first nudge, together with the dispatcher, so that nudge is drawn at
 * once. A renderer without it is simply called when a nudge comes.
 */

/** The key of a renderer's `() => Promise<unknown>` that loads its code. */
export const PRELOAD: unique symbol = Symbol.for('nudgekit.preload') as never;

/** A renderer (or anything) that may offer {@link PRELOAD}. */
export interface Preloadable {
  [PRELOAD]?: () => Promise<unknown>;
}
