/**
 * The survey re-ask policy (`survey-policy.ts`), loaded on demand: a page whose rules show no
 * survey never loads it. The feature loads it when a survey rule comes into force (start-up
 * waits for it then), or when a survey event arrives, from this tab or another. Until it is
 * there, a survey rule does not show (better late than asked again too soon), and survey
 * events wait to be folded in, so none is lost.
 */
import { loadPart } from '../core/load-part';
import type { Report } from '../core/reporter';
import type { RuleDefinition } from '../rules/types';
import type { createSurveyPolicy, SurveyPolicy, SurveyState } from './survey-policy';

/** Whether one of the rule's arms asks a question. */
export const isSurveyRule = (rule: RuleDefinition): boolean => rule.nudge?.type === 'survey' || !!rule.variants?.some((v) => v.nudge.type === 'survey');

/** A survey policy whose code may still be loading. */
export interface LazySurveyPolicy extends SurveyPolicy {
  /** Starts loading the policy (once); settles when done or failed, never rejects. */
  load(): Promise<void>;
}

/**
 * Creates the policy at once with `create` (the simulator has it at hand), or loads it on
 * demand. `save` writes its state when events that arrived while it loaded changed it.
 */
export function lazySurveyPolicy(report: Report, save: (state: SurveyState) => void, create?: typeof createSurveyPolicy): LazySurveyPolicy {
  let policy = create?.();
  let saved: unknown;
  let early: Array<[name: string, properties: unknown, at: number]> = [];
  let loading: Promise<void> | undefined;

  const load = (): Promise<void> =>
    policy
      ? Promise.resolve()
      : (loading ??= loadPart(() => import('./survey-policy'), 'surveys', report, 'survey rules do not show').then((module) => {
          if (!module) {
            loading = undefined;
            return;
          }
          const loaded = module.createSurveyPolicy();
          loaded.restore(saved);
          let changed = false;
          for (const [name, properties, at] of early.splice(0)) changed = loaded.record(name, properties, at) || changed;
          policy = loaded;
          if (changed) save(loaded.state());
        }));

  return {
    load,
    allows: (rule, now) => (policy ? policy.allows(rule, now) : !isSurveyRule(rule)),
    record(name, properties, at) {
      if (policy) return policy.record(name, properties, at);
      early.push([name, properties, at]);
      void load();
      return false;
    },
    restore(state) {
      saved = state;
      early = [];
      policy?.restore(state);
    },
    // Asked for only after `record` returned true, so once the policy is there.
    state: () => policy!.state(),
  };
}
