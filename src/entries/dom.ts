/**
 * `nudgekit/dom`: the default, accessible DOM renderer, to pass to `targeting({ renderer })`.
 * Importing it has no side effects; nothing touches the document until the first nudge is
 * rendered.
 *
 * @packageDocumentation
 */
export { domRenderer } from '../dom/dom-renderer';
export type { DomRendererOptions } from '../dom/dom-renderer';
export { themeRule } from '../dom/styles';
export type { Theme } from '../dom/styles';
export { checklistPanel } from '../dom/checklist-panel';
export type { ChecklistPanel, ChecklistPanelOptions } from '../dom/checklist-panel';
export { surveyView } from '../dom/survey-view';
export type { SurveyLabels, SurveyView } from '../dom/survey-view';
