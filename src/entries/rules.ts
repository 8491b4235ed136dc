/**
 * `nudgekit/rules`: the targeting feature (local rules and the nudges they show), the rule
 * builder, loading rules from a server, recall presets and the condition language.
 *
 * @example
 * ```ts
 * import { targeting, rule, loadRules } from 'nudgekit/rules';
 * const features = [targeting({ rules: [rule('welcome').on({ event: 'signup' }).show({ type: 'toast', body: 'Welcome!' })] })];
 * ```
 *
 * @packageDocumentation
 */
export { targeting } from '../targeting/feature';
export type { TargetingOptions } from '../targeting/feature';
export { loadRules } from '../targeting/load-rules';
export type { LoadRulesOptions, LoadRulesResult } from '../rules/load';
export type { TraceOutcome } from '../rules/engine-types';

// Rules
export { rule } from '../rules/builder';
export type { RuleBuilder } from '../rules/builder';
export { validateRules, validateRule } from '../rules/validate';
export type { ValidationIssue } from '../rules/validate-condition';
export type {
  RuleDefinition, RuleInput, TriggerDefinition, Condition, CapDefinition, ScheduleDefinition, GoalDefinition, VariantDefinition,
} from '../rules/types';
export type { ExposureProperties } from '../rules/engine-types';

// The condition language, for a backend or a test that wants the same answers
export { compileCondition, evalCondition } from '../rules/condition';
export type { CompiledCondition, SavedGroups } from '../rules/condition';
export { hashUnitId } from '../rules/hash';
export { safeRegex } from '../rules/regex-engine';
export type { RegexEngine } from '../rules/regex-engine';
export { VALUE_OPERATORS, LOGICAL_OPERATORS } from '../rules/operators';
export type { Operator } from '../rules/operators';

// Nudges
export { welcomeBack, winBackHighValue, firstConversion, remindMe } from '../nudges/presets';
export type { PresetOptions, RemindMeOptions } from '../nudges/presets';
export { isSafeUrl } from '../nudges/safe-url';
export type { ActiveNudge, Renderer, CloseReason, DismissReason } from '../nudges/active-nudge';
export type { NudgeContent, NudgeAction, NudgeType, NudgePlacement, SurveyQuestion } from '../nudges/model';
export type { DropReason } from '../nudges/dispatcher-types';
