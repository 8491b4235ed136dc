/**
 * `nudgekit/engage`: engagement on the device. Onboarding checklists that complete
 * themselves (`checklist()`), and points, levels, badges and streaks (`incentives()`). Each
 * is a feature passed in `features: [...]`; a page that imports neither carries none of it.
 * Surveys are a nudge type of `nudgekit/rules` (`{ type: 'survey', question }`).
 * Draw a checklist with `checklistPanel()` from `nudgekit/dom`, or read its state headless.
 *
 * @example
 * ```ts
 * import { checklist, incentives } from 'nudgekit/engage';
 * const rewards = incentives({ points: [{ event: 'purchase', points: 50 }], levels: [{ id: 'bronze', at: 0 }, { id: 'silver', at: 200 }] });
 * ```
 *
 * @packageDocumentation
 */
export { checklist } from '../engage/checklist';
export type { ChecklistOptions, ChecklistStep, ChecklistState, ChecklistStepState, ChecklistFeature } from '../engage/checklist';
export { incentives } from '../engage/incentives';
export type { IncentivesFeature, IncentivesState } from '../engage/incentives';
export type { IncentivesOptions, PointsRule, BadgeDefinition, StreakDefinition } from '../engage/incentive-options';
export type { LevelDefinition } from '../engage/points';
export type { FreezeRule } from '../engage/streaks';
export type { Observable } from '../engage/observable';
