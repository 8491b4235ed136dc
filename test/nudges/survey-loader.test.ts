/** The survey re-ask policy, loaded on demand (targeting/survey-loader.ts). */
import { describe, expect, it, vi } from 'vitest';
import type { RuleDefinition } from '../../src/rules/types';
import { lazySurveyPolicy } from '../../src/targeting/survey-loader';
import type { SurveyState } from '../../src/targeting/survey-policy';

const survey: RuleDefinition = { id: 'nps', trigger: { event: 'go' }, nudge: { type: 'survey', question: { kind: 'nps', text: 'Recommend us?' } } } as RuleDefinition;
const toast: RuleDefinition = { id: 't', trigger: { event: 'go' }, nudge: { type: 'toast', body: 'Hi' } };

describe('the survey policy, loaded on demand', () => {
  it('holds survey rules back until it is there; other rules pass at once', async () => {
    const policy = lazySurveyPolicy(() => {}, () => {});
    expect(policy.allows(toast, 0)).toBe(true);
    expect(policy.allows(survey, 0)).toBe(false);
    await policy.load();
    expect(policy.allows(survey, 0)).toBe(true);
  });

  it('keeps the restored state and the survey events that came while it loaded, and saves what they changed', async () => {
    const saves: SurveyState[] = [];
    const policy = lazySurveyPolicy(() => {}, (state) => void saves.push(structuredClone(state)));
    policy.restore({ version: 1, rules: { other: { dismissals: 1, dismissed: 5 } } });
    // Another tab's answer, before the policy was loaded: kept, and it starts the load.
    expect(policy.record('survey_answered', { ruleId: 'nps' }, 1000)).toBe(false);
    await vi.waitFor(() => expect(saves).toHaveLength(1));
    expect(saves[0]).toEqual({ version: 1, rules: { other: { dismissals: 1, dismissed: 5 }, nps: { answered: 1000, dismissals: 0 } } });
    expect(policy.allows(survey, 2000)).toBe(false); // answered, no reaskAfterDays: never again
  });

  it('a load that fails is reported, survey rules stay held back, and the next load tries again', async () => {
    vi.resetModules();
    vi.doMock('../../src/targeting/survey-policy', () => {
      throw new Error('chunk offline');
    });
    const { lazySurveyPolicy: fresh } = await import('../../src/targeting/survey-loader');
    const reported: Array<[string, unknown]> = [];
    const policy = fresh((code, _message, details) => void reported.push([code, details?.part]), () => {});
    await policy.load();
    expect(reported).toEqual([['chunk_load_failed', 'surveys']]);
    expect(policy.allows(survey, 0)).toBe(false);
    vi.doUnmock('../../src/targeting/survey-policy');
    await policy.load();
    expect(policy.allows(survey, 0)).toBe(true);
  });
});
