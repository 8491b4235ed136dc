import { describe, expect, it } from 'vitest';
import { firstConversion, isSafeUrl, remindMe, welcomeBack, winBackHighValue } from '../../src/nudges/index';
import { offerOf, setUp } from './setup';

describe('recall presets', () => {
  it('welcome back fires on the stage change to resurrected', () => {
    const r = welcomeBack();
    expect(r).toMatchObject({ id: 'welcome-back', trigger: { stageChange: { to: 'resurrected' } }, nudge: { type: 'modal' } });
  });

  it('win back targets high-value users at risk', () => {
    expect(winBackHighValue()).toMatchObject({ when: { atRisk: true, tier: 'high' } });
  });

  it('first conversion targets potential users and has a goal', () => {
    expect(firstConversion()).toMatchObject({ when: { stage: 'potential' }, goal: { event: 'purchase' } });
  });

  it('returns plain JSON rules with safe URLs, a new object each call', () => {
    for (const make of [welcomeBack, winBackHighValue, firstConversion, remindMe]) {
      const r = make();
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      expect(make()).not.toBe(r);
      for (const action of [r.nudge.primary, r.nudge.secondary]) if (action?.url) expect(isSafeUrl(action.url)).toBe(true);
    }
  });

  it('lets the team override any field and merges nudge fields', () => {
    const r = welcomeBack({ id: 'wb-2', priority: 99, cap: { perWeek: 1 }, nudge: { body: 'New body' } });
    expect(r.id).toBe('wb-2');
    expect(r.priority).toBe(99);
    expect(r.cap).toEqual({ perWeek: 1 });
    expect(r.nudge).toMatchObject({ type: 'modal', title: 'Welcome back', body: 'New body' });
  });

  it('remind me asks only users who have not answered and records the answer as a trait', () => {
    const r = remindMe({ trait: 'emailOptIn' });
    expect(r.when).toEqual({ atRisk: true, 'traits.emailOptIn': { $exists: false } });
    const { dispatcher, traits } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(r));
    dispatcher.current()!.click('secondary');
    dispatcher.offer(offerOf(r));
    dispatcher.current()!.click('primary');
    expect(traits).toEqual([{ emailOptIn: false }, { emailOptIn: true }]);
  });

  it('remind me records nothing when the prompt is just closed', () => {
    const { dispatcher, traits, tracked } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(remindMe()));
    dispatcher.current()!.shown();
    dispatcher.current()!.dismiss('close');
    expect(traits).toEqual([]);
    expect(tracked.map((t) => t.event)).toEqual(['nudge_shown', 'nudge_dismissed']);
  });
});
