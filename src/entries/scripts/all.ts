/**
 * The entry of dist/nudgekit.iife.min.js, for a plain `<script>` tag: the client with the
 * lifecycle and targeting features and the DOM renderer, as `window.NudgeKit`. The churn
 * model, the regex engine, the wire formats, analysis and engagement ship as add-on files
 * (dist/nudgekit.<name>.iife.min.js) that extend `window.NudgeKit`.
 */
export * from '../../index';
export * from './lifecycle';
export * from './rules';
export * from './dom';
