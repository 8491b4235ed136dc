/** Properties of analyzeExperiment and holmAdjust over generated input (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index';
import type { AnalysisOptions, ComparedArm } from '../../src/analysis/index';
import { holmAdjust } from '../../src/analysis/holm';

const count = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2_000_000 }));
const arm = (id: number) =>
  fc.record({ users: count, rate: fc.double({ min: 0, max: 1, noNaN: true }), weight: fc.double({ min: 0.01, max: 10, noNaN: true }), spread: fc.double({ min: 0, max: 100, noNaN: true }), mu: fc.double({ min: -5, max: 100, noNaN: true }) })
    .map(({ users, rate, weight, spread, mu }) => ({ id: `arm${id}`, weight, users, sum: Math.round(users * rate), meanSum: users * mu, sumSquares: users * (mu * mu + spread) }));
const experiment = fc.integer({ min: 1, max: 5 }).chain((k) =>
  fc.record({
    metric: fc.constantFrom('proportion' as const, 'mean' as const),
    arms: fc.tuple(...Array.from({ length: k }, (_, i) => arm(i))),
    alpha: fc.constantFrom(0.01, 0.05, 0.1, 0.2),
  }),
).map(({ metric, arms, alpha }): AnalysisOptions => ({
  metric,
  alpha,
  arms: arms.map(({ meanSum, sumSquares, sum, ...rest }) => (metric === 'mean' ? { ...rest, sum: meanSum, sumSquares } : { ...rest, sum })),
}));

const compared = (options: AnalysisOptions): ComparedArm[] => analyzeExperiment(options).arms.filter((a): a is ComparedArm => a.kind === 'compared');

describe('analyzeExperiment properties', () => {
  it('never throws on arbitrary input, and always returns arms and srm', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ metric: fc.constantFrom('proportion', 'mean', 'x'), arms: fc.array(fc.anything()), control: fc.anything(), alpha: fc.anything() }, { requiredKeys: [] })), (input) => {
        const result = analyzeExperiment(input as AnalysisOptions);
        expect(Array.isArray(result.arms)).toBe(true);
        expect(typeof result.srm.mismatch).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arms with arbitrary numbers (NaN, ±Infinity, negative, huge)', () => {
    const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 1, 2, 1e308));
    const looseArm = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'holdout'), weight: anyNumber, users: anyNumber, sum: anyNumber, sumSquares: anyNumber }, { requiredKeys: ['id'] });
    fc.assert(
      fc.property(fc.constantFrom('proportion' as const, 'mean' as const), fc.uniqueArray(looseArm, { selector: (a) => a.id, minLength: 1, maxLength: 4 }), (metric, arms) => {
        const result = analyzeExperiment({ metric, arms: arms as AnalysisOptions['arms'] });
        expect(result.error).toBeUndefined();
        for (const a of result.arms) if (a.kind === 'compared') expect(a.pValue).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('p-values are in [0, 1], the CI contains the lift, and Holm never lowers a p-value', () => {
    fc.assert(
      fc.property(experiment, (options) => {
        const result = analyzeExperiment(options);
        expect(result.error).toBeUndefined();
        if (result.srm.pValue !== undefined) expect(result.srm.pValue).toBeGreaterThanOrEqual(0), expect(result.srm.pValue).toBeLessThanOrEqual(1);
        for (const a of compared(options)) {
          for (const p of [a.pValue, a.pValueAdjusted]) expect(p >= 0 && p <= 1, `${p}`).toBe(true);
          expect(a.ci[0]).toBeLessThanOrEqual(a.lift);
          expect(a.ci[1]).toBeGreaterThanOrEqual(a.lift);
          expect(a.pValueAdjusted).toBeGreaterThanOrEqual(a.pValue);
          expect(a.significant).toBe(a.pValueAdjusted < result.alpha);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('with one treatment, significant exactly when the CI excludes 0', () => {
    fc.assert(
      fc.property(experiment.filter((o) => o.arms.length === 2), (options) => {
        for (const a of compared(options)) {
          if (Math.min(Math.abs(a.ci[0]), Math.abs(a.ci[1])) < 1e-9 * a.stdError) continue; // on the boundary
          expect(a.significant).toBe(a.ci[0] > 0 || a.ci[1] < 0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('holmAdjust properties', () => {
  it('adjusted >= raw, capped at 1, and monotone in the raw order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), (p) => {
        const adjusted = holmAdjust(p);
        p.forEach((raw, i) => {
          expect(adjusted[i]).toBeGreaterThanOrEqual(raw);
          expect(adjusted[i]).toBeLessThanOrEqual(1);
          p.forEach((other, j) => {
            if (raw <= other) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j]!);
          });
        });
      }),
    );
  });
});
