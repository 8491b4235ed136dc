/**
 * When a survey may be asked again. Caps count showings; a survey also needs to know what
 * the user did with it: answered (not again, unless the nudge sets `reaskAfterDays`) or
 * dismissed (asked again only after a back-off that doubles: 3, 6, then 12 days, and never
 * after the third dismissal). Kept per rule, persisted under its own versioned key, and fed by
 * the `survey_answered` and `survey_dismissed` events of this tab and of the others.
 */
import { DAY_MS } from '../core/clock';
import { isRecord } from '../core/option-checks';
import type { RuleDefinition } from '../rules/types';

/** What one survey rule's user did; times are epoch ms. */
interface SurveyRecord {
  answered?: number;
  dismissals: number;
  dismissed?: number;
}

/** The stored shape, under the store key `surveys`. */
export interface SurveyState {
  version: 1;
  rules: Record<string, SurveyRecord>;
}

const BACKOFF_DAYS = 3;
const MAX_DISMISSALS = 3;

export interface SurveyPolicy {
  /** Whether `rule` may show now; always true for a rule that is not a survey. */
  allows(rule: RuleDefinition, now: number): boolean;
  /** Folds one event in; returns whether the state changed (so it is worth saving). */
  record(name: string, properties: unknown, now: number): boolean;
  restore(saved: unknown): void;
  state(): SurveyState;
}

/** Creates the policy, empty until `restore`. */
export function createSurveyPolicy(): SurveyPolicy {
  let rules: Record<string, SurveyRecord> = Object.create(null);
  return {
    allows(rule, now) {
      // A rule with variants is a survey rule when one of its arms asks a question.
      const nudge = rule.nudge?.type === 'survey' ? rule.nudge : rule.variants?.find((v) => v.nudge.type === 'survey')?.nudge;
      const seen = nudge ? rules[rule.id] : undefined;
      if (!seen) return true;
      if (seen.answered !== undefined) {
        // Answered: a dismissal since then does not matter for the re-ask date.
        return nudge!.reaskAfterDays !== undefined && now - seen.answered >= nudge!.reaskAfterDays * DAY_MS;
      }
      if (seen.dismissals >= MAX_DISMISSALS) return false;
      return seen.dismissals === 0 || now - (seen.dismissed ?? 0) >= BACKOFF_DAYS * 2 ** (seen.dismissals - 1) * DAY_MS;
    },
    record(name, properties, now) {
      const ruleId = isRecord(properties) ? properties.ruleId : undefined;
      if (typeof ruleId !== 'string') return false;
      if (name === 'survey_answered') rules[ruleId] = { answered: now, dismissals: 0 };
      else if (name === 'survey_dismissed') {
        const seen = rules[ruleId] ?? { dismissals: 0 };
        // After an answer, a dismissal of the re-asked survey starts the back-off afresh.
        rules[ruleId] = { dismissals: (seen.answered === undefined ? seen.dismissals : 0) + 1, dismissed: now };
      } else return false;
      return true;
    },
    restore(saved) {
      rules = Object.create(null);
      if (!isRecord(saved) || saved.version !== 1 || !isRecord(saved.rules)) return;
      for (const [id, seen] of Object.entries(saved.rules)) {
        if (!isRecord(seen) || typeof seen.dismissals !== 'number') continue;
        const record: SurveyRecord = { dismissals: seen.dismissals };
        if (typeof seen.answered === 'number') record.answered = seen.answered;
        if (typeof seen.dismissed === 'number') record.dismissed = seen.dismissed;
        rules[id] = record;
      }
    },
    state: () => ({ version: 1, rules }),
  };
}
