/**
 * The DOM view of an onboarding checklist: a compact launcher button in a corner ("Get
 * started, 2 of 4") that opens a panel listing the steps, with a progress bar and a button to
 * hide the checklist for good. A disclosure (button with `aria-expanded` controlling the
 * panel), not a dialog: it never traps focus. Escape closes the panel and returns focus to the
 * launcher. Own shadow root, same theme properties and CSP rules as the nudge renderer.
 */
import type { ChecklistState } from '../engage/checklist';
import type { Observable } from '../engage/observable';
import { isSafeUrl } from '../nudges/safe-url';
import { STYLES, themeRule, type Theme } from './styles';

/**
 * Options of {@link checklistPanel}.
 *
 * @example
 * ```ts
 * const options: ChecklistPanelOptions = { placement: 'bottom-right', labels: { dismiss: 'Ausblenden' } };
 * ```
 */
export interface ChecklistPanelOptions {
  /** Where the shadow host goes. Default `document.body`. */
  container?: HTMLElement;
  theme?: Partial<Theme>;
  /** Nonce for the fallback `<style>` element (browsers without constructable stylesheets). */
  nonce?: string;
  /** Default `bottom-left`. */
  placement?: 'bottom-left' | 'bottom-right';
  /** Texts, for localisation. `{done}` and `{total}` are replaced. */
  labels?: Partial<{ launcher: string; progress: string; done: string; dismiss: string; close: string }>;
  /** Follows a step's link. Default: the link navigates as links do. */
  navigate?: (url: string) => void;
}

/** What {@link checklistPanel} returns. */
export interface ChecklistPanel {
  /** Opens or closes the panel. */
  toggle(open?: boolean): void;
  /** Removes the launcher and panel and stops listening. */
  destroy(): void;
}

const LABELS = { launcher: 'Get started', progress: '{done} of {total} done', done: 'done', dismiss: 'Hide this checklist', close: 'Close' };

/** c = checklist root, l = launcher, pn = panel, pr = progress, ok = done step, sr = screen-reader text. */
const CHECKLIST_STYLES =
  '.c{position:fixed;bottom:8px;z-index:var(--nk-z-index);font:1em/1.4 var(--nk-font);color:var(--nk-foreground)}.c.left{left:8px}.c.right{right:8px}' +
  '.l{box-shadow:var(--nk-shadow);background:var(--nk-accent);color:var(--nk-accent-foreground)}' +
  '.pn{position:absolute;bottom:56px;width:20em;left:0}.right .pn{left:auto;right:0}' +
  '.pn[hidden]{display:none}.pn ol{list-style:none;margin:0 0 16px;padding:0}.pn li{display:flex;gap:8px;align-items:center;min-height:32px}' +
  '.pn li::before{content:"";flex:none;width:14px;height:14px;border:2px solid var(--nk-foreground);border-radius:50%}' +
  '.pn li.ok::before{background:var(--nk-accent);border-color:var(--nk-accent)}.ok>span:first-child{text-decoration:line-through}' +
  '.pn a{color:var(--nk-accent)}.pr{display:block;width:100%;margin:0 0 12px;accent-color:var(--nk-accent)}' +
  '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}';

/**
 * Shows `checklist` (from `checklist()` in `nudgekit/engage`) as a launcher and panel while its
 * state is `visible`, and keeps them up to date. Touches nothing until called.
 *
 * @example
 * ```ts
 * import { checklist } from 'nudgekit/engage';
 * import { checklistPanel } from 'nudgekit/dom';
 * const onboarding = checklist({ id: 'start', title: 'Get started', steps: [...] });
 * createNudgeKit({ endpoint: '/v1/batch', features: [onboarding] });
 * const panel = checklistPanel(onboarding, { placement: 'bottom-right' });
 * ```
 */
export function checklistPanel(checklist: Observable<ChecklistState> & { dismiss(): void }, options: ChecklistPanelOptions = {}): ChecklistPanel {
  const text = { ...LABELS, ...options.labels };
  const doc = options.container?.ownerDocument ?? document;
  const make = <K extends keyof HTMLElementTagNameMap>(tag: K, className = '', content = ''): HTMLElementTagNameMap[K] => {
    const element = doc.createElement(tag);
    if (className) element.className = className;
    if (content) element.textContent = content;
    return element;
  };
  const host = doc.createElement('nudgekit-host');
  host.setAttribute('data-nudgekit-checklist', '');
  const root = host.attachShadow({ mode: 'open' });
  const css = STYLES + CHECKLIST_STYLES + themeRule(options.theme);
  try {
    const sheet = new (doc.defaultView as Window & typeof globalThis).CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = make('style', '', css);
    if (options.nonce) style.nonce = options.nonce;
    root.append(style);
  }
  const id = `nk-cl-${Math.random().toString(36).slice(2)}`;
  const wrap = make('div', `c ${options.placement === 'bottom-right' ? 'right' : 'left'}`);
  const launcher = make('button', 'l');
  launcher.type = 'button';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', id);
  const panel = make('section', 'n pn');
  panel.id = id;
  panel.hidden = true;
  const heading = make('h2');
  heading.id = `${id}-t`;
  panel.setAttribute('aria-labelledby', heading.id);
  const progress = make('progress', 'pr');
  progress.setAttribute('aria-labelledby', `${id}-p`);
  const progressText = make('p');
  progressText.id = `${id}-p`;
  const list = make('ol');
  const dismiss = make('button', '', text.dismiss);
  dismiss.type = 'button';
  const close = make('button', 'x', '\u00d7');
  close.type = 'button';
  close.setAttribute('aria-label', text.close);
  panel.append(heading, progressText, progress, list, dismiss, close);
  wrap.append(panel, launcher);
  root.append(wrap);

  const listeners = new AbortController();
  const on = (target: EventTarget, type: string, handler: (e: Event) => void) => target.addEventListener(type, handler, { signal: listeners.signal });
  const toggle = (open = panel.hidden) => {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
  };
  on(launcher, 'click', () => toggle());
  on(close, 'click', () => {
    toggle(false);
    launcher.focus();
  });
  on(dismiss, 'click', () => checklist.dismiss());
  on(wrap, 'keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape' && !panel.hidden) {
      toggle(false);
      launcher.focus();
    }
  });

  const render = (state: ChecklistState) => {
    if (!state.visible) {
      host.remove();
      return;
    }
    if (!host.isConnected) (options.container ?? doc.body).append(host);
    const title = state.title ?? text.launcher;
    const counts = text.progress.replace('{done}', String(state.done)).replace('{total}', String(state.total));
    // Its name starts with the visible text (WCAG 2.5.3): the short count is for the eye, the long one for the ear.
    const short = make('span', '', ` · ${state.done}/${state.total}`);
    short.setAttribute('aria-hidden', 'true');
    launcher.replaceChildren(title, short, make('span', 'sr', `, ${counts}`));
    heading.textContent = title;
    progressText.textContent = counts;
    progress.max = state.total;
    progress.value = state.done;
    list.replaceChildren(
      ...state.steps.map((step) => {
        const item = make('li', step.done ? 'ok' : '');
        const label = step.url && !step.done && isSafeUrl(step.url) ? make('a', '', step.label) : make('span', '', step.label);
        if (label instanceof HTMLAnchorElement) {
          label.href = step.url!;
          if (options.navigate) on(label, 'click', (event) => {
            event.preventDefault();
            options.navigate!(step.url!);
          });
        }
        item.append(label);
        if (step.done) item.append(make('span', 'sr', ` (${text.done})`));
        return item;
      }),
    );
  };
  render(checklist.getState());
  const unsubscribe = checklist.subscribe(render);
  return {
    toggle,
    destroy() {
      unsubscribe();
      listeners.abort();
      host.remove();
    },
  };
}
