/**
 * What a survey answer may be, per question kind: the one check shared by `nudge.answer()`
 * and by custom UIs, so a value that reaches `survey_answered` is always of its kind's shape.
 */
import type { JsonValue } from '../core/types';
import type { SurveyQuestion } from './model';

/** Default and largest `maxLength` of a text answer, in characters. */
export const TEXT_ANSWER_DEFAULT = 500;
export const TEXT_ANSWER_MAX = 2000;

/** The range of a `rating` or `nps` question. */
export function surveyScale(question: SurveyQuestion): { min: number; max: number } {
  if (question.kind === 'nps') return { min: 0, max: 10 };
  return { min: question.scale?.min ?? 1, max: question.scale?.max ?? 5 };
}

/** Most characters a text answer keeps. */
export function textLimit(question: SurveyQuestion): number {
  return Math.min(question.maxLength ?? TEXT_ANSWER_DEFAULT, TEXT_ANSWER_MAX);
}

/**
 * The answer as it is recorded, or `undefined` when `value` is not an answer to `question`:
 * a number outside the scale or not whole, a choice not offered, an empty selection, blank text.
 * Text is trimmed and cut to {@link textLimit}; a multi answer keeps the choices' order.
 */
export function checkAnswer(question: SurveyQuestion, value: unknown): JsonValue | undefined {
  switch (question.kind) {
    case 'nps':
    case 'rating': {
      const { min, max } = surveyScale(question);
      return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
    }
    case 'single':
      return typeof value === 'string' && (question.choices ?? []).includes(value) ? value : undefined;
    case 'multi': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return undefined;
      const picked = (question.choices ?? []).filter((choice) => value.includes(choice));
      return picked.length > 0 && picked.length === new Set(value).size ? picked : undefined;
    }
    case 'text': {
      if (typeof value !== 'string') return undefined;
      // Cut by code points, so a surrogate pair is never split in half.
      const text = [...value.trim()].slice(0, textLimit(question)).join('');
      return text === '' ? undefined : text;
    }
    default:
      return undefined;
  }
}
