/**
 * dist/nudgekit.rules.iife.min.js: `nudgekit/rules` without the regex engine, which has its
 * own add-on file (dist/nudgekit.regex.iife.min.js).
 */
export {
  targeting, loadRules, rule, validateRules, validateRule, compileCondition, evalCondition, hashUnitId,
  VALUE_OPERATORS, LOGICAL_OPERATORS, welcomeBack, winBackHighValue, firstConversion, remindMe, isSafeUrl,
} from '../rules';
