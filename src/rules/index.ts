/**
 * Targeting rules: the condition language, triggers, caps, schedules, holdouts, goals,
 * the rule builder and server-defined rules.
 *
 * Not exported on purpose: the compiled-rule index and the engine's state layout, which
 * may change between versions (the state is versioned and migrated by the engine itself).
 */
export { compileCondition, evalCondition } from './condition';
export type { CompiledCondition, SavedGroups } from './condition';
export { hashUnitId } from './hash';
export { rule } from './builder';
export type { RuleBuilder } from './builder';
export { validateRules, validateRule } from './validate';
export { validateCondition } from './validate-condition';
export type { ValidationIssue } from './validate-condition';
export { createRuleEngine } from './engine';
export type { Decision, RuleEngine, RuleEngineOptions } from './engine';
export type { ExposureProperties } from './engine-types';
export { readRules } from './load';
export type { LoadRulesOptions, LoadRulesResult, RulesCache } from './load';
export { MAX_INPUT_LENGTH, MAX_PATTERN_LENGTH } from './safe-regex';
export { VALUE_OPERATORS, LOGICAL_OPERATORS } from './operators';
export type { Operator } from './operators';
export type {
  CapDefinition,
  Condition,
  GoalDefinition,
  VariantDefinition,
  RuleDefinition,
  RuleInput,
  ScheduleDefinition,
  TriggerDefinition,
} from './types';
