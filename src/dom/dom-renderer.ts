/**
 * `domRenderer()`: the default renderer, as a small factory. Its body (`dom-view.ts` and the
 * styles) is a chunk of its own, loaded when a nudge is about to be drawn; the targeting
 * feature loads it ahead, with the dispatcher, as soon as there are rules (see `PRELOAD`), so
 * the first nudge is drawn at once.
 */
import type { ActiveNudge, Renderer } from '../nudges/active-nudge';
import { PRELOAD } from '../nudges/preload';
import type { DomRendererOptions } from './dom-view';

export type { DomRendererOptions } from './dom-view';

// Once loaded, by any renderer, every renderer draws at once.
let view: typeof import('./dom-view') | undefined;
let loading: Promise<typeof import('./dom-view')> | undefined;
const load = (): Promise<typeof import('./dom-view')> =>
  (loading ??= import('./dom-view').then(
    (module) => (view = module),
    (cause: unknown) => {
      loading = undefined; // the next nudge tries again
      throw cause;
    },
  ));

/**
 * Creates the default DOM renderer. Creating it touches nothing and loads nothing; the shadow
 * host (`<nudgekit-host data-nudgekit>`) is added on the first nudge and kept, empty, between
 * nudges. It declines `custom` nudges, and surveys unless `survey` is given (they go to
 * `nudge` listeners). Its code loads on demand: with `targeting()`, during start-up when
 * there are rules; a nudge handed to it before is drawn once the code is there.
 *
 * @example
 * ```ts
 * import { domRenderer } from 'nudgekit/dom';
 * createNudgeKit({ renderer: domRenderer({ theme: { accent: '#c2185b', radius: '4px' } }) });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function domRenderer(options: DomRendererOptions = {}): Renderer {
  let draw: Renderer | undefined;
  const body = (module: typeof import('./dom-view')): Renderer => (draw ??= module.domView(options));
  const render: Renderer = (nudge: ActiveNudge) => {
    if (view) return body(view)(nudge);
    // What the body declines, declined now, so the nudge goes to listeners as it would.
    if (nudge.type === 'custom' || (nudge.type === 'survey' && !options.survey) || typeof document === 'undefined') return false;
    let cleanup: (() => void) | void | false;
    let closed = false;
    load().then(
      (module) => {
        if (!closed && !nudge.closed) cleanup = body(module)(nudge);
      },
      // Never drawn: closed unshown, so it counts toward nothing (targeting() drops the
      // nudges due with reason `load_failed` and reports it when its own load fails).
      () => nudge.dismiss('withdrawn'),
    );
    return () => {
      closed = true;
      if (typeof cleanup === 'function') cleanup();
    };
  };
  return Object.assign(render, { [PRELOAD]: load });
}
