/**
 * Static checks of a condition before it is compiled. Rules may come from a server, so
 * anything the evaluator would silently treat as "false" (an unknown operator, an
 * invalid or unsafe regex, an operand of the wrong type) is reported here with its path,
 * and `$where` and prototype-pollution keys are refused outright.
 */
import { isRecord } from '../core/option-checks';
import { isValueOperator } from './operators';
import { isOperatorObject } from './predicates';
import type { RegexEngine } from './regex-engine';

/**
 * One problem, with the path of the offending value.
 *
 * @example
 * ```ts
 * const issue: ValidationIssue = { path: 'rules[2].when.plan.$gte', message: 'expected a number or a string' };
 * ```
 */
export interface ValidationIssue {
  path: string;
  message: string;
  /** A warning: the rule is kept (e.g. a condition its trigger can never see), but it likely does not do what was meant. */
  warning?: true;
}

/** Keys that could pollute a prototype if some consumer merged the rule into an object. */
export const POLLUTING_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Conditions nested deeper than this are refused (a server bug, or an attempt to exhaust the stack). */
export const MAX_CONDITION_DEPTH = 24;

const TYPE_NAMES = new Set(['string', 'number', 'boolean', 'object', 'array', 'null', 'undefined']);
const TOP_LEVEL = new Set(['$and', '$or', '$nor', '$not', '$savedGroup']);

/**
 * Appends to `issues` every problem found in `condition`; returns whether it is valid.
 *
 * @example
 * ```ts
 * const issues: ValidationIssue[] = [];
 * validateCondition({ plan: { $gte: true } }, 'when', issues);
 * // issues: [{ path: 'when.plan.$gte', message: 'expected a number or a string' }]
 * ```
 */
export function validateCondition(condition: unknown, path: string, issues: ValidationIssue[], depth = 0, regex?: RegexEngine): boolean {
  const before = issues.length;
  checkObjectCondition(condition, path, issues, depth, regex);
  return issues.length === before;
}

function checkObjectCondition(condition: unknown, path: string, issues: ValidationIssue[], depth: number, regex: RegexEngine | undefined): void {
  if (depth > MAX_CONDITION_DEPTH) return void issues.push({ path, message: `nested deeper than ${MAX_CONDITION_DEPTH} levels` });
  if (!isRecord(condition)) return void issues.push({ path, message: 'expected a condition object' });
  for (const key of Object.keys(condition)) {
    const at = `${path}.${key}`;
    const operand = condition[key];
    if (key === '$where') {
      issues.push({ path: at, message: '$where is not allowed (rules never run code)' });
    } else if (key === '$or' || key === '$and' || key === '$nor') {
      if (!Array.isArray(operand)) issues.push({ path: at, message: 'expected an array of conditions' });
      else operand.forEach((c, i) => checkObjectCondition(c, `${at}[${i}]`, issues, depth + 1, regex));
    } else if (key === '$not') {
      checkObjectCondition(operand, at, issues, depth + 1, regex);
    } else if (key === '$savedGroup') {
      if (!isRecord(operand) || typeof operand.id !== 'string') issues.push({ path: at, message: 'expected { id: string }' });
    } else if (key.charCodeAt(0) === 36 /* $ */ && !TOP_LEVEL.has(key)) {
      issues.push({ path: at, message: `unknown operator ${key}` });
    } else if (key === '' || key.split('.').some((part) => POLLUTING_KEYS.has(part) || part === '')) {
      issues.push({ path: at, message: 'forbidden attribute path' });
    } else {
      checkValueCondition(operand, at, issues, depth + 1, regex);
    }
  }
}

function checkValueCondition(condition: unknown, path: string, issues: ValidationIssue[], depth: number, regex: RegexEngine | undefined): void {
  if (depth > MAX_CONDITION_DEPTH) return void issues.push({ path, message: `nested deeper than ${MAX_CONDITION_DEPTH} levels` });
  if (condition === undefined || typeof condition === 'function' || typeof condition === 'symbol' || typeof condition === 'bigint') {
    return void issues.push({ path, message: 'expected a JSON value or an operator object' });
  }
  if (condition === null || typeof condition !== 'object') {
    if (typeof condition === 'number' && !Number.isFinite(condition)) issues.push({ path, message: 'expected a finite number' });
    return;
  }
  if (Array.isArray(condition) || !isOperatorObject(condition)) return checkLiteral(condition, path, issues, depth);
  const ops = condition as Record<string, unknown>;
  for (const op of Object.keys(ops)) checkOperator(op, ops[op], `${path}.${op}`, issues, depth, regex);
}

function checkOperator(op: string, operand: unknown, path: string, issues: ValidationIssue[], depth: number, regex: RegexEngine | undefined): void {
  const problem = (message: string) => void issues.push({ path, message });
  if (op === '$where') return problem('$where is not allowed (rules never run code)');
  if (!isValueOperator(op)) return problem(`unknown operator ${op}`);
  switch (op) {
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if (!(typeof operand === 'number' && Number.isFinite(operand)) && typeof operand !== 'string') problem('expected a number or a string');
      return;
    case '$veq':
    case '$vne':
    case '$vgt':
    case '$vgte':
    case '$vlt':
    case '$vlte':
      if (typeof operand !== 'string' && typeof operand !== 'number') problem('expected a version string');
      return;
    case '$in':
    case '$nin':
    case '$ini':
    case '$nini':
      if (!Array.isArray(operand)) return problem('expected an array');
      operand.forEach((v, i) => checkLiteral(v, `${path}[${i}]`, issues, depth + 1));
      return;
    case '$all':
    case '$alli':
      if (!Array.isArray(operand)) return problem('expected an array');
      operand.forEach((v, i) => checkValueCondition(v, `${path}[${i}]`, issues, depth + 1, regex));
      return;
    case '$elemMatch':
      if (!isRecord(operand)) return problem('expected a condition object');
      if (isOperatorObject(operand)) checkValueCondition(operand, path, issues, depth + 1, regex);
      else checkObjectCondition(operand, path, issues, depth + 1, regex);
      return;
    case '$size':
    case '$not':
      checkValueCondition(operand, path, issues, depth + 1, regex);
      return;
    case '$exists':
      if (typeof operand !== 'boolean') problem('expected true or false');
      return;
    case '$type':
      if (typeof operand !== 'string' || !TYPE_NAMES.has(operand)) problem(`expected one of ${[...TYPE_NAMES].join(', ')}`);
      return;
    case '$regex':
    case '$regexi': {
      if (typeof operand !== 'string') return problem('expected a regular expression string');
      if (!regex) return problem("needs the regex engine: pass regex: safeRegex (from 'nudgekit/rules') to targeting()");
      const refused = regex.refusal(operand);
      if (refused) problem(refused === 'invalid regular expression' ? refused : `unsafe regular expression: ${refused}`);
      return;
    }
    case '$inGroup':
    case '$notInGroup':
      if (typeof operand !== 'string') problem('expected a saved group id');
      return;
    case '$eq':
    case '$ne':
      checkLiteral(operand, path, issues, depth + 1);
      return;
  }
}

/** A literal compared by value: any JSON, without polluting keys. */
function checkLiteral(value: unknown, path: string, issues: ValidationIssue[], depth: number): void {
  if (depth > MAX_CONDITION_DEPTH) return void issues.push({ path, message: `nested deeper than ${MAX_CONDITION_DEPTH} levels` });
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) issues.push({ path, message: 'expected a finite number' });
    return;
  }
  if (Array.isArray(value)) return value.forEach((v, i) => checkLiteral(v, `${path}[${i}]`, issues, depth + 1));
  if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      if (POLLUTING_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: 'forbidden key' });
      else checkLiteral(value[key], `${path}.${key}`, issues, depth + 1);
    }
    return;
  }
  issues.push({ path, message: 'expected a JSON value' });
}
