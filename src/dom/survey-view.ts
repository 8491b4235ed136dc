/**
 * The DOM view of a `survey` nudge: one question in a small form in a corner, non-modal (it
 * takes focus only when nothing else has it, so it never pulls the user out of a field).
 * Choice questions are native radio buttons or checkboxes inside a fieldset whose legend is the
 * question, so arrow keys, Space and Tab work as everywhere else and screen readers announce
 * "radio group, 9 of 11". NPS and rating draw their radios as a row of numbered boxes; the
 * input stays in place (transparent), so it keeps focus and the box shows its focus ring.
 * Text answers get a labelled textarea with `maxlength` and a hint naming the limit.
 */
import type { ActiveNudge } from '../nudges/active-nudge';
import { surveyScale, textLimit } from '../nudges/survey-answer';

/** Texts of the survey view, for localisation. */
export interface SurveyLabels {
  /** The send button. Default `Send`. */
  submit: string;
  /** The close button's accessible name. Default `Close`. */
  close: string;
  /** Shown when Send is pressed without an answer. Default `Please choose an answer first.` */
  required: string;
  /** The text hint; `{n}` is the limit. Default `Up to {n} characters.` */
  limit: string;
}

/**
 * The survey view's styles, added to the renderer's stylesheet. s = survey form, o = options,
 * sc = scale (NPS, rating), ch = choices, ends = scale end labels, h = hint, e = error.
 */
export const SURVEY_STYLES =
  '.s{width:26em;padding-right:20px}.s fieldset{border:0;margin:0;padding:0;min-width:0}' +
  '.s legend,.s .q{display:block;padding:0;margin:0 32px 8px 0;font-weight:600}' +
  '.o{display:flex;flex-wrap:wrap;gap:4px}.o label{position:relative;display:flex;align-items:center;gap:8px;min-height:44px}' +
  '.sc{flex-wrap:nowrap}.sc label{flex:1 1 0;min-width:0}.sc input{position:absolute;inset:0;margin:0;opacity:0;cursor:pointer}' +
  '.sc span{flex:1;line-height:42px;text-align:center;border:1px solid var(--nk-foreground);border-radius:calc(var(--nk-radius)/2)}' +
  '.sc input:checked+span{background:var(--nk-accent);border-color:var(--nk-accent);color:var(--nk-accent-foreground)}' +
  '.sc input:focus-visible+span{outline:3px solid var(--nk-accent);outline-offset:2px}' +
  '.ch{flex-direction:column}.ch input{width:20px;height:20px;margin:0;accent-color:var(--nk-accent)}' +
  '.ends{display:flex;justify-content:space-between;gap:8px;margin:4px 0 0;font-size:.85em}' +
  '.s textarea{box-sizing:border-box;display:block;width:100%;min-height:5em;padding:8px;font:inherit;color:inherit;background:var(--nk-background);border:1px solid var(--nk-foreground);border-radius:calc(var(--nk-radius)/2)}' +
  '.s textarea:focus-visible{outline:3px solid var(--nk-accent);outline-offset:2px}' +
  '.h{margin:4px 0 0;font-size:.85em}.e{margin:8px 0;color:#b3261e}.e:empty{margin:0}';

const DEFAULT_LABELS: SurveyLabels = { submit: 'Send', close: 'Close', required: 'Please choose an answer first.', limit: 'Up to {n} characters.' };

/**
 * Draws `nudge` (a survey) into `root`; its thank-you goes to `live`. Returns the cleanup.
 * `where` is the placement class pair (`bottom right`).
 */
export function renderSurvey(nudge: ActiveNudge, root: ShadowRoot, live: HTMLElement, where: string, labels: Partial<SurveyLabels> = {}): () => void {
  const text = { ...DEFAULT_LABELS, ...labels };
  const doc = root.ownerDocument;
  const question = nudge.question!;
  const kind = question.kind;
  const id = `nk-${nudge.id}`;
  const make = <K extends keyof HTMLElementTagNameMap>(tag: K, className = '', content = ''): HTMLElementTagNameMap[K] => {
    const element = doc.createElement(tag);
    if (className) element.className = className;
    if (content) element.textContent = content;
    return element;
  };
  const listeners = new AbortController();
  const on = (target: EventTarget, type: string, handler: (e: Event) => void) => target.addEventListener(type, handler, { signal: listeners.signal });

  const form = make('form', `n s t ${where}`);
  form.noValidate = true;
  if (nudge.title) {
    const title = make('h2', '', nudge.title);
    title.id = `${id}-t`;
    form.append(title);
    form.setAttribute('aria-labelledby', title.id);
  } else form.setAttribute('aria-label', question.text);

  const inputs: HTMLInputElement[] = [];
  let textarea: HTMLTextAreaElement | undefined;
  if (kind === 'text') {
    const label = make('label', 'q', question.text);
    textarea = make('textarea');
    textarea.id = label.htmlFor = `${id}-a`;
    textarea.maxLength = textLimit(question);
    const hint = make('p', 'h', text.limit.replace('{n}', String(textLimit(question))));
    hint.id = `${id}-h`;
    textarea.setAttribute('aria-describedby', hint.id);
    form.append(label, textarea, hint);
  } else {
    const fieldset = make('fieldset');
    fieldset.append(make('legend', '', question.text));
    const scale = kind === 'nps' || kind === 'rating';
    const options = make('div', `o ${scale ? 'sc' : 'ch'}`);
    const values: Array<string | number> = [];
    if (scale) {
      const { min, max } = surveyScale(question);
      for (let n = min; n <= max; n++) values.push(n);
    } else values.push(...(question.choices ?? []));
    for (const value of values) {
      const label = make('label');
      const input = make('input');
      input.type = kind === 'multi' ? 'checkbox' : 'radio';
      input.name = `${id}-a`;
      input.value = String(value);
      inputs.push(input);
      label.append(input, make('span', '', String(value)));
      options.append(label);
    }
    fieldset.append(options);
    const { minLabel, maxLabel } = question.scale ?? {};
    if (scale && (minLabel || maxLabel)) {
      // Also the group's description, so "0" and "10" are read with what they mean.
      const ends = make('p', 'ends');
      ends.id = `${id}-e`;
      ends.append(make('span', '', minLabel ? `${surveyScale(question).min}: ${minLabel}` : ''), make('span', '', maxLabel ? `${surveyScale(question).max}: ${maxLabel}` : ''));
      fieldset.setAttribute('aria-describedby', ends.id);
      fieldset.append(ends);
    }
    form.append(fieldset);
  }
  const error = make('p', 'e');
  error.setAttribute('aria-live', 'polite');
  const actions = make('div', 'a');
  const send = make('button', 'p', text.submit);
  send.type = 'submit';
  actions.append(send);
  const close = make('button', 'x', '\u00d7');
  close.type = 'button';
  close.setAttribute('aria-label', text.close);
  form.append(error, actions, close);

  on(close, 'click', () => nudge.dismiss('close'));
  on(form, 'keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape') nudge.dismiss('escape');
  });
  on(form, 'submit', (event) => {
    event.preventDefault();
    const checked = inputs.filter((input) => input.checked).map((input) => input.value);
    const value = textarea ? textarea.value : kind === 'multi' ? checked : kind === 'single' ? checked[0] : checked[0] === undefined ? undefined : Number(checked[0]);
    if (nudge.answer(value)) return thank();
    error.textContent = text.required;
    (textarea ?? inputs[0])?.focus();
  });

  // The thank-you is a short status message in the live region, gone after 4 s.
  const thank = () => {
    if (!nudge.thanks) return;
    const box = make('div', `n t ${where}`);
    box.append(make('p', '', nudge.thanks));
    live.append(box);
    doc.defaultView?.setTimeout(() => box.remove(), 4000);
  };

  root.append(form);
  if (doc.activeElement === doc.body || doc.activeElement === null) (textarea ?? inputs[0])?.focus();
  nudge.shown();
  return () => {
    listeners.abort();
    form.remove();
  };
}

/**
 * How the DOM renderer draws surveys: given to `domRenderer({ survey: surveyView() })`.
 *
 * @example
 * ```ts
 * const view: SurveyView = surveyView({ submit: 'Senden' });
 * ```
 */
export interface SurveyView {
  /** Added to the renderer's stylesheet. */
  readonly styles: string;
  /** Draws `nudge` into `root`, its thank-you into `live`; returns the cleanup. */
  render(nudge: ActiveNudge, root: ShadowRoot, live: HTMLElement, where: string, closeLabel: string): () => void;
}

/**
 * The survey view for `domRenderer()`: accessible, keyboard operable, under a strict CSP.
 * Opt-in, so pages that show no surveys do not carry it. `labels` localise its texts.
 *
 * @example
 * ```ts
 * import { domRenderer, surveyView } from 'nudgekit/dom';
 * targeting({ rules, renderer: domRenderer({ survey: surveyView() }) });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function surveyView(labels: Partial<SurveyLabels> = {}): SurveyView {
  return {
    styles: SURVEY_STYLES,
    render: (nudge, root, live, where, closeLabel) => renderSurvey(nudge, root, live, where, { close: closeLabel, ...labels }),
  };
}
