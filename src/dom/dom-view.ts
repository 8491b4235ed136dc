/**
 * The default renderer's body (see `dom-renderer.ts`, which loads it on demand): modal,
 * banner and toast, inside a Shadow DOM root whose host resets everything the page could
 * pass in (see styles.ts), so the page's CSS cannot restyle it and ours cannot leak out.
 * Text goes in through `textContent` only; styles through a constructable stylesheet (no
 * style attribute, no inline style element unless the browser lacks constructable
 * stylesheets), so a strict CSP allows it.
 */
import type { ActiveNudge, Renderer } from '../nudges/active-nudge';
import { STYLES, themeRule, type Theme } from './styles';
import type { SurveyView } from './survey-view';

/**
 * Options of `domRenderer()` (`nudgekit/dom`).
 *
 * @example
 * ```ts
 * const options: DomRendererOptions = { navigate: (url) => router.push(url), closeLabel: 'Schließen' };
 * const inFlow: DomRendererOptions = { container: document.querySelector('#nudge-slot')!, banners: 'inline', toasts: 'inline' };
 * ```
 */
export interface DomRendererOptions {
  /** Where the shadow host goes. Default `document.body`. */
  container?: HTMLElement;
  /** Custom property values (see `Theme`); a page stylesheet can override them too. */
  theme?: Partial<Theme>;
  /**
   * Nonce for the `<style>` element used only where constructable stylesheets are missing;
   * set it to your CSP's style nonce.
   */
  nonce?: string;
  /** Follows an action's URL after the click was tracked. Default `location.assign(url)`. */
  navigate?: (url: string) => void;
  /** Accessible name of the close button. Default `Close`. */
  closeLabel?: string;
  /**
   * Draws survey nudges: `surveyView()` from `nudgekit/dom`, opt-in so that pages without
   * surveys do not carry it. Without it a survey goes to `nudge` listeners (headless).
   */
  survey?: SurveyView;
  /**
   * `'overlay'` (default): a banner is fixed at the top or bottom of the viewport, over the
   * page. `'inline'`: a banner sits in the page's flow where `container` is (e.g. an empty
   * element above your header), so it pushes the content below it down and covers nothing.
   * Modals and toasts stay on top either way.
   */
  banners?: 'overlay' | 'inline';
  /**
   * `'overlay'` (default): a toast is fixed in a corner of the viewport. `'inline'`: it sits in
   * the page's flow inside `container`, like an inline banner: for narrow screens, where a
   * corner toast covers half the page's width. Survey cards (drawn as toasts) follow it too.
   */
  toasts?: 'overlay' | 'inline';
}

type Tag = keyof HTMLElementTagNameMap;

const attr = (element: Element, name: string, value: string): void => element.setAttribute(name, value);

// The element focused deepest, through open shadow roots, so focus returns exactly there.
function deepActive(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Draws nudges as `domRenderer()` documents, at once: the code `domRenderer()` loads. */
export function domView(options: DomRendererOptions): Renderer {
  let host: HTMLElement | undefined;
  let root: ShadowRoot | undefined;
  let live: HTMLElement | undefined;

  function setUp(doc: Document): ShadowRoot {
    if (host && root) {
      if (!host.isConnected) (options.container ?? doc.body).append(host);
      return root;
    }
    // A custom element name, so the page's `div` or `section` rules never match the host.
    host = doc.createElement('nudgekit-host');
    attr(host, 'data-nudgekit', '');
    root = host.attachShadow({ mode: 'open' });
    const css = STYLES + (options.survey?.styles ?? '') + themeRule(options.theme);
    const win = doc.defaultView as (Window & typeof globalThis) | null;
    try {
      const sheet = new win!.CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } catch {
      // No constructable stylesheets: a <style> element, allowed by a CSP through its nonce.
      const style = doc.createElement('style');
      if (options.nonce) style.nonce = options.nonce;
      style.textContent = css;
      root.append(style);
    }
    // One polite live region for the page's lifetime: screen readers announce what is
    // added to an existing live region more reliably than a region inserted with its text.
    live = doc.createElement('div');
    attr(live, 'aria-live', 'polite');
    root.append(live);
    (options.container ?? doc.body).append(host);
    return root;
  }

  return (nudge: ActiveNudge) => {
    const type = nudge.type;
    if (type === 'custom' || (type === 'survey' && !options.survey) || typeof document === 'undefined') return false;
    const doc = options.container?.ownerDocument ?? document;
    const shadow = setUp(doc);
    const make = <K extends Tag>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] => {
      const element = doc.createElement(tag);
      if (className) element.className = className;
      if (text) element.textContent = text;
      return element;
    };
    // One abort removes every listener, including those on the document.
    const listeners = new AbortController();
    const on = (target: EventTarget, event: string, handler: (e: Event) => void): void =>
      target.addEventListener(event, handler, { signal: listeners.signal });
    const modal = type === 'modal';
    const placement = nudge.placement ?? '';
    // Position classes: a banner is `top` or `bottom`; a toast two of `top bottom left right`.
    const where = modal ? '' : type === 'banner' ? (placement.startsWith('bottom') ? 'bottom' : 'top') : (placement.includes('-') ? placement : placement === 'top' ? 'top-right' : 'bottom-right').replace('-', ' ');
    // A survey is drawn as a toast card, so it follows `toasts` (in the flow on a narrow screen).
    if (type === 'survey') return options.survey!.render(nudge, shadow, live!, `${where || 'bottom right'}${options.toasts === 'inline' ? ' in' : ''}`, options.closeLabel ?? 'Close');
    const inline = (type === 'banner' ? options.banners : type === 'toast' ? options.toasts : undefined) === 'inline' ? ' in' : '';
    const box = make(type === 'banner' ? 'section' : 'div', `n ${modal ? 'm' : type === 'banner' ? 'bn' : 't'} ${where}${inline}`);
    const titleId = `nk-${nudge.id}-t`;

    if (nudge.image) {
      const image = make('img');
      image.src = nudge.image.src;
      image.alt = nudge.image.alt;
      box.append(image);
    }
    if (nudge.title) {
      const title = make('h2', '', nudge.title);
      title.id = titleId;
      box.append(title);
    }
    if (nudge.body) {
      const body = make('p', '', nudge.body);
      body.id = `nk-${nudge.id}-b`;
      box.append(body);
      if (modal) attr(box, 'aria-describedby', body.id);
    }
    const actions = make('div', 'a');
    for (const key of ['primary', 'secondary'] as const) {
      const action = nudge[key];
      if (!action) continue;
      const button = make('button', key === 'primary' ? 'p' : '', action.label);
      button.type = 'button';
      on(button, 'click', () => {
        const url = nudge.click(key);
        if (url) (options.navigate ?? ((to: string) => doc.defaultView?.location.assign(to)))(url);
      });
      actions.append(button);
    }
    if (actions.firstChild) box.append(actions);
    const close = make('button', 'x', '\u00d7');
    close.type = 'button';
    attr(close, 'aria-label', options.closeLabel ?? 'Close');
    on(close, 'click', () => nudge.dismiss('close'));
    box.append(close);

    // Modal and banner are named by their title; without one, by a generic name.
    if (type !== 'toast') {
      if (nudge.title) attr(box, 'aria-labelledby', titleId);
      else attr(box, 'aria-label', modal ? 'Message' : 'Announcement');
    }
    let restoreFocus: Element | null = null;
    const added: Element[] = [box];

    if (modal) {
      attr(box, 'role', 'dialog');
      attr(box, 'aria-modal', 'true');
      const backdrop = make('div', 'bd');
      on(backdrop, 'click', () => nudge.dismiss('backdrop'));
      added.unshift(backdrop);
      restoreFocus = deepActive(doc);
      // The box always holds the close button; the buttons are all it can focus, in order.
      const buttons = [...box.querySelectorAll('button')];
      const count = buttons.length;
      const first = (): void => buttons[0]!.focus();
      on(box, 'keydown', (event) => {
        const e = event as KeyboardEvent;
        if (e.key !== 'Tab') return;
        // Focus trap: we move focus ourselves, cycling through the buttons both ways.
        e.preventDefault();
        const index = buttons.indexOf(shadow.activeElement as HTMLButtonElement);
        buttons[index < 0 ? 0 : (index + (e.shiftKey ? count - 1 : 1)) % count]!.focus();
      });
      // Escape anywhere closes the modal; focus that escapes the host is pulled back in.
      on(doc, 'keydown', (event) => {
        if ((event as KeyboardEvent).key === 'Escape') nudge.dismiss('escape');
      });
      on(doc, 'focusin', (event) => {
        const target = event.target as Node;
        if (target !== host && target.getRootNode?.() !== shadow) first();
      });
      shadow.append(backdrop, box);
      first();
    } else if (type === 'banner') {
      attr(box, 'role', 'region');
      shadow.append(box);
    } else {
      // Toast: inside the live region; its timer pauses while hovered or focused.
      let hovered = false;
      let focused = false;
      const update = (event: Event): void => {
        const kind = event.type;
        if (kind[0] === 'm') hovered = kind === 'mouseenter';
        else focused = kind === 'focusin' || box.contains((event as FocusEvent).relatedTarget as Node | null);
        hovered || focused ? nudge.pause() : nudge.resume();
      };
      for (const kind of ['mouseenter', 'mouseleave', 'focusin', 'focusout']) on(box, kind, update);
      live!.append(box);
    }
    nudge.shown();

    return () => {
      // Return focus only if it is still ours (or lost to <body>), never steal it from where the user moved it.
      const hadFocus = doc.activeElement === host || doc.activeElement === doc.body;
      listeners.abort();
      for (const element of added) element.remove();
      if (restoreFocus && hadFocus && restoreFocus.isConnected) (restoreFocus as HTMLElement).focus?.();
    };
  };
}
