/**
 * `nudgekit/dom`: the default, accessible DOM renderer. Importing it has no side effects;
 * nothing touches the document until the first nudge is rendered.
 *
 * @packageDocumentation
 */
export { domRenderer } from './dom-renderer';
export type { DomRendererOptions } from './dom-renderer';
export { themeRule } from './styles';
export type { Theme } from './styles';
export type { ActiveNudge, Renderer } from '../nudges/active-nudge';
