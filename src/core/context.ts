/**
 * The device part of an event's context, read from the platform when an event is
 * built (never at import, so server-side rendering is safe).
 */
import type { EventContext } from './types';

/** The SDK version; rollup replaces it from package.json at build time. */
export const VERSION: string = typeof __NUDGEKIT_VERSION__ === 'string' ? __NUDGEKIT_VERSION__ : '0.0.0-dev';
declare const __NUDGEKIT_VERSION__: string | undefined;

/** What stays the same for the whole life of a client: computed once. */
export type StaticContext = Pick<EventContext, 'locale' | 'timezone' | 'userAgent'>;

export function staticContext(): StaticContext {
  const out: StaticContext = {};
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  if (nav?.language) out.locale = nav.language;
  if (nav?.userAgent) out.userAgent = nav.userAgent;
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) out.timezone = zone;
  } catch {
    // Very old engines without Intl time zones: leave it out.
  }
  return out;
}

/** The page and screen right now, in a browser; `undefined` in Node. */
export function pageContext(): Pick<EventContext, 'page' | 'screen'> | undefined {
  const doc = (globalThis as { document?: Document }).document;
  const loc = (globalThis as { location?: Location }).location;
  if (!doc || !loc) return undefined;
  const out: Pick<EventContext, 'page' | 'screen'> = {
    page: { url: loc.href, path: loc.pathname, referrer: doc.referrer ?? '', title: doc.title ?? '', search: loc.search },
  };
  const screen = (globalThis as { screen?: Screen }).screen;
  if (screen) out.screen = { width: screen.width, height: screen.height, density: (globalThis as { devicePixelRatio?: number }).devicePixelRatio ?? 1 };
  return out;
}
