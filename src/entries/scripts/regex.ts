/** dist/nudgekit.regex.iife.min.js: the regex engine, for `NudgeKit.targeting({ rules, regex: NudgeKit.safeRegex })`. */
export { safeRegex } from '../rules';
