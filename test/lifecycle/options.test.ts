import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError } from '../../src/core/errors';
import { bgnbd, resolveLifecycleOptions, validateLifecycleOptions } from '../../src/lifecycle';

function problem(value: unknown): string | undefined {
  try {
    validateLifecycleOptions(value);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('validateLifecycleOptions', () => {
  it('accepts nothing, an empty object and a full configuration', () => {
    expect(problem(undefined)).toBeUndefined();
    expect(problem({})).toBeUndefined();
    expect(
      problem({
        activityEvents: ['*'],
        conversionEvents: ['purchase', 'subscribe'],
        revenueProperty: 'total',
        newBasis: 'firstSeen',
        thresholds: { silentDays: 7, churnedDays: 30, newDays: 7, resurrectedDays: 7 },
        tier: { highSpend: 500, midSpend: 50, highConversions: 6, midConversions: 3 },
        rfm: { recencyDays: [3, 9, 21, 90], frequency: [2, 4, 8, 16], monetary: [10, 50, 100, 500] },
        churnModel: bgnbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unitDays: 7, atRiskBelow: 0.3 }),
      }),
    ).toBeUndefined();
  });

  it('names the exact path of the problem', () => {
    expect(problem([])).toBe('lifecycle: expected an object');
    expect(problem({ activity: ['*'] })).toMatch(/^lifecycle\.activity: unknown option/);
    expect(problem({ activityEvents: [] })).toBe('lifecycle.activityEvents: expected a non-empty array of event names');
    expect(problem({ conversionEvents: ['purchase', 3] })).toBe('lifecycle.conversionEvents[1]: expected a non-empty string');
    expect(problem({ revenueProperty: '' })).toBe('lifecycle.revenueProperty: expected a non-empty string');
    expect(problem({ newBasis: 'install' })).toBe("lifecycle.newBasis: expected 'conversion' or 'firstSeen'");
    expect(problem({ thresholds: { silentDays: -1 } })).toBe('lifecycle.thresholds.silentDays: expected a positive number');
    expect(problem({ thresholds: { silentDays: 60 } })).toBe('lifecycle.thresholds.churnedDays: expected more than silentDays (60)');
    expect(problem({ thresholds: { activeDays: 14 } })).toMatch(/^lifecycle\.thresholds\.activeDays: unknown option/);
    expect(problem({ tier: { highSpend: 10, midSpend: 20 } })).toBe('lifecycle.tier.midSpend: expected at most highSpend');
    expect(problem({ tier: { midConversions: 9 } })).toBe('lifecycle.tier.midConversions: expected at most highConversions');
    expect(problem({ rfm: { recencyDays: [7, 14, 30] } })).toBe('lifecycle.rfm.recencyDays: expected an array of 4 ascending numbers');
    expect(problem({ rfm: { frequency: [2, 3, 3, 10] } })).toBe('lifecycle.rfm.frequency[2]: expected a number greater than the one before');
    expect(problem({ churnModel: { r: 1, alpha: 1, a: 1, b: 1 } })).toBe("lifecycle.churnModel: expected a churn model, e.g. bgnbd({ r, alpha, a, b }) from 'nudgekit/lifecycle'");
    expect(() => bgnbd({ r: 1, alpha: 1, a: 1 } as never)).toThrow(/^churnModel\.b: expected a positive number$/);
    expect(() => bgnbd({ r: 1, alpha: 1, a: 1, b: 1, atRiskBelow: 2 })).toThrow(/^churnModel\.atRiskBelow: expected a number from 0 to 1$/);
    expect(() => bgnbd({ r: 1, alpha: Number.NaN, a: 1, b: 1 })).toThrow(/^churnModel\.alpha: expected a positive number$/);
  });

  it('uses the path it is given', () => {
    expect(() => validateLifecycleOptions({ newBasis: 1 }, 'config.lifecycle')).toThrow('config.lifecycle.newBasis');
  });

  it('throws only ConfigError, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.record({ thresholds: fc.anything(), tier: fc.anything(), rfm: fc.anything(), churnModel: fc.anything() }, { requiredKeys: [] }), (a, b) => {
        for (const input of [a, b]) {
          try {
            validateLifecycleOptions(input);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
          }
        }
      }),
    );
  });
});

describe('resolveLifecycleOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolveLifecycleOptions();
    expect(resolved).toMatchObject({ activityEvents: ['*'], conversionEvents: ['purchase'], revenueProperty: 'revenue', newBasis: 'conversion', churnModel: undefined });
    expect(resolved.thresholds).toEqual({ silentDays: 14, churnedDays: 60, newDays: 14, resurrectedDays: 14 });
    const model = bgnbd({ r: 1, alpha: 2, a: 3, b: 4 });
    expect(resolveLifecycleOptions({ churnModel: model }).churnModel).toBe(model);
    expect(model).toMatchObject({ name: 'bgnbd', unitDays: 1, atRiskBelow: 0.5 });
  });
});
