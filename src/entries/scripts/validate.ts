/**
 * dist/nudgekit.validate.iife.min.js: `validateRules` and `validateRule` for a script-tag page
 * that checks rules itself (a rules editor, a preview). `targeting()` and `loadRules()` do not
 * need it: they load the validator on demand.
 */
export { validateRules, validateRule } from '../rules';
