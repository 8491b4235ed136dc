/**
 * Recall prompts: the user-operations plays built in as presets. Each returns a plain
 * {@link RuleDefinition}, so the team can adjust any field, or serialise it as JSON.
 */
import type { Condition, RuleDefinition } from '../rules/types';
import type { NudgeContent } from './model';

/**
 * Overrides for a preset: any rule field replaces the preset's; `nudge` is merged into the
 * preset's nudge field by field.
 *
 * @example
 * ```ts
 * const options: PresetOptions = { id: 'wb-eu', holdout: 0.2, nudge: { title: 'Willkommen zurück' } };
 * ```
 */
export type PresetOptions = Partial<Omit<RuleDefinition, 'nudge'>> & { nudge?: Partial<NudgeContent> };

const WEEK_MS = 7 * 86_400_000;

function preset(defaults: RuleDefinition & { nudge: NudgeContent }, options: PresetOptions = {}): RuleDefinition & { nudge: NudgeContent } {
  const { nudge, ...rest } = options;
  return { ...defaults, ...rest, nudge: { ...defaults.nudge, ...nudge } };
}

/**
 * Welcome back: a silent or churned user returns (`stage_change` to `resurrected`).
 * A modal, at most once a day and three times in all, priority 10.
 *
 * @example
 * ```ts
 * createNudgeKit({ rules: [welcomeBack({ nudge: { body: 'Your cart is still here.' }, holdout: 0.1 })] });
 * ```
 */
export function welcomeBack(options?: PresetOptions): RuleDefinition & { nudge: NudgeContent } {
  return preset(
    {
      id: 'welcome-back',
      trigger: { stageChange: { to: 'resurrected' } },
      nudge: {
        type: 'modal',
        title: 'Welcome back',
        body: 'Good to see you again. Here is what changed while you were away.',
        primary: { label: 'Take a look', url: '/whats-new' },
        secondary: { label: 'Not now' },
      },
      cap: { perDay: 1, lifetime: 3 },
      priority: 10,
      goal: { event: 'purchase', withinMs: WEEK_MS },
    },
    options,
  );
}

/**
 * Win back a high-value user at risk: at session start, when the churn model marks the user
 * `atRisk` and the value tier is `high`. A banner, at most once a week, priority 20.
 *
 * @example
 * ```ts
 * winBackHighValue({ nudge: { primary: { label: 'See your offer', url: '/offer' } } });
 * ```
 */
export function winBackHighValue(options?: PresetOptions): RuleDefinition & { nudge: NudgeContent } {
  return preset(
    {
      id: 'win-back-high-value',
      trigger: { sessionStart: true },
      when: { atRisk: true, tier: 'high' },
      nudge: {
        type: 'banner',
        placement: 'top',
        title: 'We saved something for you',
        body: 'As one of our best customers, you get early access to what is new.',
        primary: { label: 'See what is new', url: '/for-you' },
      },
      cap: { perWeek: 1, lifetime: 4 },
      priority: 20,
      goal: { event: 'purchase', withinMs: 2 * WEEK_MS },
    },
    options,
  );
}

/**
 * First conversion: a potential user (active, never converted), 20 seconds into a session.
 * A toast, once a session and twice a week.
 *
 * @example
 * ```ts
 * firstConversion({ nudge: { body: '10% off your first order.' }, goal: { event: 'signup', withinMs: 86_400_000 } });
 * ```
 */
export function firstConversion(options?: PresetOptions): RuleDefinition & { nudge: NudgeContent } {
  return preset(
    {
      id: 'first-conversion',
      trigger: { sessionStart: true },
      when: { stage: 'potential' },
      delayMs: 20_000,
      nudge: {
        type: 'toast',
        placement: 'bottom-right',
        title: 'Ready to start?',
        body: 'Your first order ships free.',
        primary: { label: 'Start now', url: '/start' },
      },
      cap: { perSession: 1, perWeek: 2 },
      priority: 5,
      goal: { event: 'purchase', withinMs: WEEK_MS },
    },
    options,
  );
}

/**
 * Options of {@link remindMe}: the preset's overrides plus the trait that records the answer.
 *
 * @example
 * ```ts
 * const options: RemindMeOptions = { trait: 'smsOptIn', cap: { lifetime: 1 } };
 * ```
 */
export type RemindMeOptions = PresetOptions & {
  /** The trait set to `true` (yes) or `false` (no thanks). Default `contactOptIn`. */
  trait?: string;
};

/**
 * Remind me: asks a drifting user (churn model says `atRisk`) who has not answered yet
 * whether they may be contacted again. The answer is recorded as a trait through the
 * actions' `traits` (the dispatcher hands them to the client's `identify`): `yes` sets
 * `contactOptIn: true`, `no thanks` sets it to `false`; closing the prompt records nothing.
 * The condition skips users who already answered.
 *
 * @example
 * ```ts
 * remindMe({ trait: 'emailOptIn', nudge: { body: 'Can we email you when your plan renews?' } });
 * ```
 */
export function remindMe(options: RemindMeOptions = {}): RuleDefinition & { nudge: NudgeContent } {
  const { trait = 'contactOptIn', ...rest } = options;
  const when: Condition = { atRisk: true, [`traits.${trait}`]: { $exists: false } };
  return preset(
    {
      id: 'remind-me',
      trigger: { sessionStart: true },
      when,
      nudge: {
        type: 'modal',
        title: 'Shall we remind you?',
        body: 'We can send you a short note when something you care about changes. You can stop it at any time.',
        primary: { label: 'Yes, remind me', action: 'remind_me_yes', traits: { [trait]: true } },
        secondary: { label: 'No thanks', action: 'remind_me_no', traits: { [trait]: false } },
      },
      cap: { lifetime: 2, cooldownMs: 4 * WEEK_MS },
      priority: 15,
    },
    rest,
  );
}
