/**
 * The entry of dist/nudgekit.iife.min.js: every public export plus the DOM renderer,
 * exposed as `window.NudgeKit` for a plain `<script>` tag.
 */
export * from './index';
export { domRenderer } from './dom/index';
