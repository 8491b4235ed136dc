/**
 * Page lifecycle listeners: hide/close, online, offline. Browser only, feature-detected, so
 * Node and SSR get a no-op. The handlers are wrapped: a bug in one must not surface in the
 * host page's event dispatch.
 */

/** What the page tells delivery. */
export interface PageHandlers {
  /** The page is being hidden (`visibilitychange`) or left (`pagehide`): send what can be sent now, synchronously. */
  onHide(kind: 'hidden' | 'pagehide'): void;
  /** The page came back from the back/forward cache. */
  onShow(): void;
  /** The network is back. */
  onOnline(): void;
}

/**
 * Listens to `pagehide`, `visibilitychange` (to hidden) and `online`. `pagehide` and
 * `visibilitychange` are the two events that fire reliably on close in every browser, unlike
 * `unload`/`beforeunload` (which also break the back-forward cache). Returns the remover.
 *
 * @example
 * ```ts
 * const stop = listenToPage({ onHide: sendOnUnload, onOnline: drain });
 * stop();
 * ```
 */
export function listenToPage(handlers: PageHandlers, report: (error: unknown) => void): () => void {
  const win = typeof window !== 'undefined' && typeof window.addEventListener === 'function' ? window : undefined;
  const doc = typeof document !== 'undefined' && typeof document.addEventListener === 'function' ? document : undefined;
  if (!win) return () => {};
  const guard = (fn: () => void) => () => {
    try {
      fn();
    } catch (error) {
      report(error);
    }
  };
  const listeners: [EventTarget | undefined, string, (event: Event) => void][] = [
    [win, 'pagehide', guard(() => handlers.onHide('pagehide'))],
    [
      win,
      'pageshow',
      (event) => {
        if ((event as PageTransitionEvent).persisted) guard(handlers.onShow)();
      },
    ],
    [win, 'online', guard(handlers.onOnline)],
    [
      doc,
      'visibilitychange',
      guard(() => {
        if (doc?.visibilityState === 'hidden') handlers.onHide('hidden');
      }),
    ],
  ];
  for (const [target, type, listener] of listeners) target?.addEventListener(type, listener);
  return () => {
    for (const [target, type, listener] of listeners) target?.removeEventListener(type, listener);
  };
}

/** `true` only when the browser says it is offline; unknown (Node) counts as online. */
export function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}
