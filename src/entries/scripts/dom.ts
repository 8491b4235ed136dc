/**
 * dist/nudgekit.dom.iife.min.js: the DOM renderer. The survey view and the checklist panel
 * ship in the engage add-on file (dist/nudgekit.engage.iife.min.js), with the features they draw.
 */
export { domRenderer, themeRule } from '../dom';
