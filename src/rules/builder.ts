/**
 * A typed builder for rules written in code. It produces exactly the JSON a person would
 * write by hand (same keys, same order), and is itself accepted wherever a rule is,
 * through `toJSON()`.
 */
import type { NudgeContent } from '../nudges/model';
import type { CapDefinition, Condition, GoalDefinition, RuleDefinition, ScheduleDefinition, TriggerDefinition, VariantDefinition } from './types';

/**
 * A rule under construction. Every method returns a new builder; the original is unchanged.
 *
 * @example
 * ```ts
 * const base: RuleBuilder = rule('cart').on('add_to_cart').show({ type: 'toast', body: 'Still thinking?' });
 * const gentle = base.cap({ perDay: 1 });
 * ```
 */
export interface RuleBuilder {
  /** What fires the rule: a trigger object, or an event name with an optional `where` condition on its properties. */
  on(trigger: TriggerDefinition | string, where?: Condition): RuleBuilder;
  /** The audience condition. */
  when(condition: Condition): RuleBuilder;
  /** The nudge to show. A rule has either this or variants. */
  show(nudge: NudgeContent): RuleBuilder;
  /**
   * Adds an arm: users not held out are split among the variants by `weight` (default 1).
   * The id `holdout` is the control's; set its share with {@link RuleBuilder.holdout}.
   *
   * @example
   * ```ts
   * rule('upsell').on('add_to_cart').variant('a', { type: 'toast', body: 'Free shipping over 50 €' }).variant('b', { type: 'toast', body: '10% off now' }).holdout(0.2);
   * ```
   */
  variant(id: string, nudge: NudgeContent, weight?: number): RuleBuilder;
  /** The experiment's version (default 1): a new one assigns every user afresh. */
  version(version: string | number): RuleBuilder;
  /** Frequency caps. */
  cap(cap: CapDefinition): RuleBuilder;
  /** Higher wins when several rules fire together. */
  priority(priority: number): RuleBuilder;
  /** Share of users (0–1) held out for measuring lift. */
  holdout(share: number): RuleBuilder;
  /** Share of users (0–1) the rule applies to. */
  sample(share: number): RuleBuilder;
  /** The conversion that counts for this rule. */
  goal(goal: GoalDefinition): RuleBuilder;
  /** When the rule may fire. */
  schedule(schedule: ScheduleDefinition): RuleBuilder;
  /** Waits before showing; the condition is checked again then. */
  delay(ms: number): RuleBuilder;
  /** Turns the rule on or off. */
  enabled(enabled: boolean): RuleBuilder;
  /** A note for maintainers. */
  describe(text: string): RuleBuilder;
  /** The rule as JSON. Validation happens where rules are loaded, with the rule's path. */
  build(): RuleDefinition;
  /** Same as {@link RuleBuilder.build}, so `JSON.stringify(builder)` and `createNudgeKit({ rules: [builder] })` work. */
  toJSON(): RuleDefinition;
}

/** The order of keys in a rule, as in {@link RuleDefinition}. */
const KEY_ORDER = ['id', 'trigger', 'when', 'nudge', 'variants', 'cap', 'priority', 'holdout', 'version', 'sample', 'delayMs', 'schedule', 'goal', 'enabled', 'description'] as const;

type Parts = Partial<Record<(typeof KEY_ORDER)[number], unknown>>;

/**
 * Starts a rule.
 *
 * @example
 * ```ts
 * const recall = rule('recall-silent')
 *   .on({ stageChange: { to: 'resurrected' } })
 *   .when({ tier: { $in: ['high', 'mid'] } })
 *   .show({ type: 'modal', title: 'Welcome back', body: 'Here is what changed.', primary: { label: 'Take a look', url: '/new' } })
 *   .cap({ perDay: 1, lifetime: 3 })
 *   .priority(10)
 *   .holdout(0.1)
 *   .goal({ event: 'purchase', withinMs: 7 * 86_400_000 });
 * createNudgeKit({ rules: [recall] });
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function rule(id: string): RuleBuilder {
  return builderOf({ id });
}

function builderOf(parts: Parts): RuleBuilder {
  const next = (key: keyof Parts, value: unknown): RuleBuilder => builderOf({ ...parts, [key]: value });
  const build = (): RuleDefinition => {
    const out: Record<string, unknown> = {};
    for (const key of KEY_ORDER) if (parts[key] !== undefined) out[key] = parts[key];
    return out as unknown as RuleDefinition;
  };
  return {
    on: (trigger, where) => next('trigger', typeof trigger === 'string' ? (where === undefined ? { event: trigger } : { event: trigger, where }) : trigger),
    when: (condition) => next('when', condition),
    show: (nudge) => next('nudge', nudge),
    variant: (id, nudge, weight) => {
      const variant: VariantDefinition = weight === undefined ? { id, nudge } : { id, weight, nudge };
      return next('variants', [...((parts.variants as VariantDefinition[] | undefined) ?? []), variant]);
    },
    version: (version) => next('version', version),
    cap: (cap) => next('cap', cap),
    priority: (priority) => next('priority', priority),
    holdout: (share) => next('holdout', share),
    sample: (share) => next('sample', share),
    goal: (goal) => next('goal', goal),
    schedule: (schedule) => next('schedule', schedule),
    delay: (ms) => next('delayMs', ms),
    enabled: (enabled) => next('enabled', enabled),
    describe: (text) => next('description', text),
    build,
    toJSON: build,
  };
}
