/**
 * The check of a survey nudge's fields (`question`, `reaskAfterDays`), apart from
 * validate-nudge.ts so that file stays about the common fields.
 */
import { isRecord } from '../core/option-checks';
import type { ValidationIssue } from './validate-condition';

const KINDS: ReadonlySet<string> = new Set(['nps', 'rating', 'single', 'multi', 'text']);
const isWhole = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/**
 * Appends problems of a survey nudge to `issues`: a `question` with a known `kind` and a
 * `text`; 2 to 20 distinct string `choices` for `single` and `multi`; for `rating` a whole
 * `scale` with min < max and at most 11 steps; `maxLength` 1–2000; `reaskAfterDays` ≥ 0.
 */
export function validateSurvey(nudge: Record<string, unknown>, path: string, issues: ValidationIssue[]): void {
  const problem = (at: string, message: string) => void issues.push({ path: `${path}.${at}`, message });
  const reask = nudge.reaskAfterDays;
  if (reask !== undefined && !(typeof reask === 'number' && Number.isFinite(reask) && reask >= 0)) problem('reaskAfterDays', 'expected days ≥ 0');
  const q = nudge.question;
  if (!isRecord(q)) return problem('question', 'expected { kind, text, choices?, scale? } for a survey');
  if (typeof q.kind !== 'string' || !KINDS.has(q.kind)) problem('question.kind', `expected one of ${[...KINDS].join(', ')}`);
  if (typeof q.text !== 'string' || q.text.trim() === '') problem('question.text', 'expected the question as a non-empty string');
  if (q.kind === 'single' || q.kind === 'multi') {
    const choices = q.choices;
    if (!Array.isArray(choices) || choices.length < 2 || choices.length > 20 || choices.some((c) => typeof c !== 'string' || c === '') || new Set(choices).size !== choices.length) {
      problem('question.choices', 'expected 2 to 20 distinct, non-empty strings');
    }
  }
  if (q.scale !== undefined) {
    const s = q.scale;
    if (!isRecord(s)) return problem('question.scale', 'expected { min?, max?, minLabel?, maxLabel? }');
    for (const label of ['minLabel', 'maxLabel']) if (s[label] !== undefined && typeof s[label] !== 'string') problem(`question.scale.${label}`, 'expected a string');
    if (q.kind === 'rating') {
      const min = s.min ?? 1;
      const max = s.max ?? 5;
      if (!isWhole(min) || !isWhole(max) || min >= max || max - min > 10) problem('question.scale', 'expected whole numbers with min < max and at most 11 steps');
    }
  }
  const max = q.maxLength;
  if (max !== undefined && !(isWhole(max) && max >= 1 && max <= 2000)) problem('question.maxLength', 'expected a whole number from 1 to 2000');
}
