/**
 * dist/nudgekit.rules.iife.min.js: `nudgekit/rules` without the regex engine, which has its
 * own add-on file (dist/nudgekit.regex.iife.min.js), and without `validateRules` and
 * `validateRule` (dist/nudgekit.validate.iife.min.js): `targeting()` and `loadRules()` load the
 * validator as a part when they need it, and a synchronous export would put it in this file.
 */
export {
  targeting, loadRules, rule, compileCondition, evalCondition, hashUnitId,
  VALUE_OPERATORS, LOGICAL_OPERATORS, welcomeBack, winBackHighValue, firstConversion, remindMe, isSafeUrl,
} from '../rules';
