/**
 * The entry of dist/nudgekit.iife.min.js, for a plain `<script>` tag: the client with the
 * lifecycle and targeting features and the DOM renderer, as `window.NudgeKit`. Analysis and
 * engagement features ship as add-on files that extend `window.NudgeKit`.
 */
export * from '../index';
export * from './lifecycle';
export * from './rules';
export * from './dom';
