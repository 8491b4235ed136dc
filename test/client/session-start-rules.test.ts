/**
 * Rules on session start see the user as they were when the session began (issue 16): a
 * user away 20 days is `resurrected` by the time the condition runs, so `previousStage`
 * and `daysAway` carry what they were before this visit.
 */
import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type NudgeKitError } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { loadRules, rule, type ActiveNudge, type RuleInput } from '../../src/entries/rules';
import { withStandardFeatures } from '../helpers/features';

const DAY = 86_400_000;

function setup(rules: RuleInput[]) {
  const clock = createManualClock(new Date(2026, 2, 2, 10, 0).getTime());
  const errors: NudgeKitError[] = [];
  const nudges: ActiveNudge[] = [];
  const nk = createNudgeKit(withStandardFeatures({ clock, store: memoryStore(), rules, onError: (e) => errors.push(e) }));
  nk.on('nudge', (n) => nudges.push(n));
  return { nk, clock, errors, nudges };
}

const toast = { type: 'toast', body: 'Welcome back' } as const;

describe('session-start rules', () => {
  it('a returning silent user matches previousStage silent and daysAway ≥ 14 on session start', async () => {
    const { nk, clock, nudges, errors } = setup([
      rule('winback').on({ sessionStart: true }).when({ previousStage: 'silent', daysAway: { $gte: 14 } }).show(toast),
    ]);
    await nk.ready();
    nk.track('purchase', { revenue: 10 });
    await nk.flush();
    expect(nudges).toHaveLength(0);

    clock.advance(20 * DAY);
    nk.track('product_viewed');
    await nk.flush();
    expect(nudges.map((n) => n.ruleId)).toEqual(['winback']);
    expect(nk.profile()!.stage).toBe('resurrected');
    expect(errors).toEqual([]);
    await nk.shutdown();
  });

  it('a short gap is no comeback: previousStage new, daysAway 1', async () => {
    const { nk, clock, nudges } = setup([rule('winback').on({ sessionStart: true }).when({ previousStage: 'silent' }).show(toast)]);
    await nk.ready();
    nk.track('purchase', { revenue: 10 });
    clock.advance(DAY);
    nk.track('product_viewed');
    await nk.flush();
    expect(nudges).toHaveLength(0);
    await nk.shutdown();
  });

  it('stage silent on session start is reported as a warning that names previousStage, and the rule is kept', async () => {
    const { nk, errors } = setup([rule('natural').on({ sessionStart: true }).when({ stage: 'silent' }).show(toast)]);
    await nk.ready();
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['invalid_rule', expect.stringMatching(/^rules\[0\]\.when\.stage: warning: .*previousStage/)],
    ]);
    await nk.shutdown();
  });

  it('previousStage and daysAway survive a reload within the session', async () => {
    const store = memoryStore();
    const clock = createManualClock(new Date(2026, 2, 2, 10, 0).getTime());
    const first = createNudgeKit(withStandardFeatures({ clock, store }));
    await first.ready();
    first.track('purchase', { revenue: 10 });
    clock.advance(30 * DAY);
    first.track('product_viewed');
    await first.shutdown();

    const nudges: ActiveNudge[] = [];
    const second = createNudgeKit(withStandardFeatures({
      clock,
      store,
      rules: [rule('after-reload').on({ event: 'go' }).when({ previousStage: 'silent', daysAway: 30 }).show(toast)],
    }));
    second.on('nudge', (n) => nudges.push(n));
    await second.ready();
    second.track('go');
    await second.flush();
    expect(nudges.map((n) => n.ruleId)).toEqual(['after-reload']);
    await second.shutdown();
  });
});

describe('loadRules(nk, ...) with only broken rules', () => {
  it('answers ok: false and names the first problem when every rule is refused', async () => {
    const { nk, errors } = setup([]);
    const result = await loadRules(nk, { rules: [{ id: 'a', trigger: { event: 'go' }, when: { plan: { $foo: 1 } }, nudge: toast }] });
    expect(result.ok).toBe(false);
    expect(result.rules).toEqual([]);
    expect(result.error?.message).toContain('every rule in the document was refused');
    expect(errors.map((e) => e.code)).toEqual(expect.arrayContaining(['rules_load_failed', 'invalid_rule']));
    await nk.shutdown();
  });
});
