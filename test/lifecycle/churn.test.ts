import { describe, expect, it } from 'vitest';
import { bgnbd, expectedConversions, probabilityAlive } from '../../src/lifecycle';
import { harness } from '../profile/helpers';

const model = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unitDays: 7 };

describe('churn risk in the profile', () => {
  it('carries no churn figures without a model or before the first conversion', () => {
    const plain = harness();
    plain.track('purchase');
    expect(plain.engine.attributes()).toMatchObject({ pAlive: null, expectedConversions30d: null, atRisk: false });
    const h = harness({ lifecycle: { churnModel: bgnbd(model) } });
    h.track('app_open');
    expect(h.engine.current()).toMatchObject({ pAlive: null, expectedConversions30d: null, atRisk: false });
  });

  it('computes P(alive) and E[conversions in 30 days] from x, tx, T in model units (weeks)', () => {
    const h = harness({ lifecycle: { churnModel: bgnbd(model) } });
    for (const day of [0, 7, 14, 21]) {
      h.at(day);
      h.track('purchase');
    }
    h.at(35);
    const customer = { x: 3, tx: 3, T: 5 };
    const a = h.engine.attributes();
    expect(a.pAlive).toBeCloseTo(probabilityAlive(customer, model), 12);
    expect(a.expectedConversions30d).toBeCloseTo(expectedConversions(30 / 7, customer, model), 12);
    expect(h.engine.current().pAlive).toBe(a.pAlive);
  });

  it('keeps expectedConversions30d for a heavy buyer (2,000 conversions in a month, where the old 2F1 overflowed to null)', () => {
    const daily = { r: 0.243, alpha: 30.9, a: 0.793, b: 2.426, unitDays: 1 };
    const h = harness({ lifecycle: { churnModel: bgnbd(daily) } });
    for (let i = 0; i < 2000; i++) {
      h.at(0, i * 20 * 60_000);
      h.track('purchase');
    }
    h.at(30);
    const a = h.engine.attributes();
    expect(a.conversions).toBe(2000);
    expect(a.expectedConversions30d).toBeGreaterThan(0);
    const customer = { x: 1999, tx: (1999 * 20) / 1440, T: 30 };
    expect((a.expectedConversions30d as number) / expectedConversions(30, customer, daily)).toBeCloseTo(1, 12);
  });

  it('sets atRisk when P(alive) falls under atRiskBelow while the stage still reads active', () => {
    const h = harness({ lifecycle: { churnModel: bgnbd({ ...model, unitDays: 1, atRiskBelow: 0.5 }) } });
    // A daily buyer for 20 days, then only browsing: the stage stays active, P(alive) collapses.
    for (let day = 0; day < 20; day++) {
      h.at(day);
      h.track('purchase');
    }
    h.at(20);
    expect(h.engine.attributes()).toMatchObject({ stage: 'active', atRisk: false });
    for (let day = 21; day <= 30; day++) {
      h.at(day);
      h.track('app_open');
    }
    const a = h.engine.attributes();
    expect(a.stage).toBe('active');
    expect(a.pAlive as number).toBeLessThan(0.5);
    expect(a.atRisk).toBe(true);
    // Once the stage reads silent, atRisk is no longer set: the stage already says it.
    h.at(44);
    expect(h.engine.attributes()).toMatchObject({ stage: 'silent', atRisk: false });
  });
});
