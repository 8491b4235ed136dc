/**
 * The device part of an event's context, read from the platform when an event is
 * built (never at import, so server-side rendering is safe).
 */
import type { EventContext } from '../core/types';

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

// What the last call read, reused while it still holds. Reading `location` costs about
// 0.2 µs in Chromium, its `pathname` or `search` 0.5 µs each, and `screen` 0.2 µs per field,
// while `document.URL` (the URL `location.href` gives, kept current by pushState and fragment
// changes) costs 0.04 µs: the URL is compared each time, its parts are read when it changed.
let lastUrl: string | undefined;
let lastPath: string | undefined;
let lastSearch = '';
// The screen, per task: it cannot change while a script runs.
let screenNow: EventContext['screen'] | undefined;

/** The page and screen right now, in a browser; `undefined` in Node (and wherever a document has no location). */
export function pageContext(): Pick<EventContext, 'page' | 'screen'> | undefined {
  const doc = (globalThis as { document?: Document }).document;
  if (!doc) return undefined;
  const url = doc.URL;
  if (url !== lastUrl || lastPath === undefined) {
    const loc = (globalThis as { location?: Location }).location;
    if (!loc) return undefined;
    lastUrl = typeof url === 'string' ? url : loc.href;
    lastPath = loc.pathname;
    lastSearch = loc.search;
  }
  const out: Pick<EventContext, 'page' | 'screen'> = {
    page: { url: lastUrl, path: lastPath, referrer: doc.referrer ?? '', title: doc.title ?? '', search: lastSearch },
  };
  const screen = screenNow ?? readScreen();
  if (screen) out.screen = { width: screen.width, height: screen.height, density: screen.density };
  return out;
}

function readScreen(): EventContext['screen'] | undefined {
  const screen = (globalThis as { screen?: Screen }).screen;
  if (!screen) return undefined;
  screenNow = { width: screen.width, height: screen.height, density: (globalThis as { devicePixelRatio?: number }).devicePixelRatio ?? 1 };
  queueMicrotask(() => (screenNow = undefined));
  return screenNow;
}
