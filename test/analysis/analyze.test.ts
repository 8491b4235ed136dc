/** analyzeExperiment against SciPy (scripts/reference/analysis.py) and on inputs it must survive. */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index';
import type { AnalysisOptions, ArmResult } from '../../src/analysis/index';
import { holmAdjust } from '../../src/analysis/holm';
import { deviation, reference } from './helpers';

const TOLERANCE = 1e-9;

describe('analyzeExperiment against SciPy', () => {
  let worst = 0;
  it.each(reference.cases.map((c) => [c.name, c] as const))('%s', (_name, { input, expected }) => {
    const result = analyzeExperiment(input as AnalysisOptions);
    expect(result.error).toBeUndefined();
    expect(result.control).toBe(expected.control);
    const errors = [deviation(result.srm.pValue!, expected.srm.pValue), deviation(result.srm.chiSquare!, expected.srm.chiSquare)];
    for (const want of expected.arms) {
      const arm = result.arms.find((a) => a.id === want.id)!;
      if ('skipped' in want) {
        expect(arm.kind, want.id).toBe('skipped');
        continue;
      }
      expect(arm.kind, arm.kind === 'skipped' ? arm.reason : want.id).toBe('compared');
      if (arm.kind !== 'compared') continue;
      const scale = Math.max(Math.abs(want.lift!), arm.stdError); // CI bounds near 0: relative to the interval's scale
      errors.push(
        deviation(arm.lift, want.lift!, scale),
        deviation(arm.ci[0], want.ci![0]!, scale),
        deviation(arm.ci[1], want.ci![1]!, scale),
        deviation(arm.df, want.df!),
        deviation(arm.pValue, want.pValue!),
        deviation(arm.pValueAdjusted, want.pValueAdjusted!),
      );
    }
    worst = Math.max(worst, ...errors);
    expect(Math.max(...errors)).toBeLessThan(TOLERANCE);
  });
  it('reports the worst deviation', () => console.info(`analyzeExperiment: worst relative deviation from SciPy ${worst.toExponential(2)}`));
});

describe('Holm adjustment', () => {
  it.each(reference.holm.map((h) => [h.pValues.join(', '), h] as const))('matches the script for %s', (_name, { pValues, adjusted }) => {
    expect(holmAdjust(pValues)).toEqual(adjusted);
  });
});

const two = (control: object, treatment: object, metric: 'proportion' | 'mean' = 'proportion') =>
  analyzeExperiment({ metric, arms: [{ id: 'c', weight: 1, ...control }, { id: 't', weight: 1, ...treatment }] as unknown as AnalysisOptions['arms'] });
const reasonOf = (arm: ArmResult | undefined) => (arm && arm.kind !== 'compared' ? arm.reason : undefined);

describe('arms that cannot be compared get a reason', () => {
  it.each([
    ['zero users', { users: 0, sum: 0 }, { users: 100, sum: 5 }, /needs at least 2 users/],
    ['one user', { users: 100, sum: 5 }, { users: 1, sum: 1 }, /needs at least 2 users/],
    ['zero control mean', { users: 100, sum: 0 }, { users: 100, sum: 5 }, /control mean is 0/],
    ['no conversions in the treatment', { users: 100, sum: 5 }, { users: 100, sum: 0 }, /zero variance/],
    ['NaN users', { users: NaN, sum: 1 }, { users: 100, sum: 5 }, /users must be a finite number/],
    ['negative users', { users: 100, sum: 5 }, { users: -3, sum: 1 }, /users must be a finite number/],
    ['more conversions than users', { users: 100, sum: 5 }, { users: 10, sum: 11 }, /between 0 and users/],
    ['negative conversions', { users: 100, sum: 5 }, { users: 10, sum: -1 }, /between 0 and users/],
  ])('%s', (_name, control, treatment, reason) => {
    const result = two(control, treatment);
    expect(result.arms[1]!.kind).toBe('skipped');
    expect(reasonOf(result.arms[1])).toMatch(reason);
  });

  it('a mean metric without sumSquares, or with inconsistent sums', () => {
    expect(reasonOf(two({ users: 10, sum: 50, sumSquares: 300 }, { users: 10, sum: 60 }, 'mean').arms[1])).toMatch(/needs sumSquares/);
    expect(reasonOf(two({ users: 10, sum: 50, sumSquares: 300 }, { users: 10, sum: 60, sumSquares: 100 }, 'mean').arms[1])).toMatch(/inconsistent/);
    expect(reasonOf(two({ users: 10, sum: -50, sumSquares: 300 }, { users: 10, sum: 60, sumSquares: 400 }, 'mean').arms[1])).toMatch(/negative/);
  });

  it('the control arm says why when it is unusable', () => {
    const result = two({ users: 0, sum: 0 }, { users: 100, sum: 5 });
    expect(result.arms[0]).toMatchObject({ kind: 'control', reason: expect.stringMatching(/needs at least 2 users/) });
    expect(result.srm.pValue).toBeGreaterThan(0);
  });
});

describe('defaults and bad options', () => {
  const arms = [
    { id: 'a', weight: 1, users: 1000, sum: 100 },
    { id: 'holdout', weight: 1, users: 1000, sum: 90 },
  ];
  it('uses the holdout arm as control, else the first arm, and alpha 0.05', () => {
    expect(analyzeExperiment({ metric: 'proportion', arms })).toMatchObject({ control: 'holdout', alpha: 0.05 });
    expect(analyzeExperiment({ metric: 'proportion', arms: [arms[0]!, { ...arms[1]!, id: 'b' }] }).control).toBe('a');
  });

  it('one arm: no SRM test and nothing to compare', () => {
    const result = analyzeExperiment({ metric: 'proportion', arms: [arms[0]!] });
    expect(result.srm).toEqual({ mismatch: false, reason: 'needs at least 2 arms' });
    expect(result.arms).toMatchObject([{ kind: 'control', id: 'a' }]);
  });

  it.each([
    ['no options', undefined, 'options must be an object'],
    ['unknown metric', { metric: 'median', arms }, "metric must be 'proportion' or 'mean'"],
    ['metric from the prototype', { metric: 'toString', arms }, "metric must be 'proportion' or 'mean'"],
    ['no arms', { metric: 'mean', arms: [] }, 'arms must be a non-empty array'],
    ['duplicate ids', { metric: 'mean', arms: [arms[0], arms[0]] }, 'arms[1].id: duplicate id "a"'],
    ['missing id', { metric: 'mean', arms: [{ weight: 1 }] }, 'arms[0].id must be a non-empty string'],
    ['unknown control', { metric: 'mean', arms, control: 'x' }, 'control must be the id of one of the arms'],
    ['alpha out of range', { metric: 'mean', arms, alpha: 1.5 }, 'alpha must be a number between 0 and 1'],
  ])('%s: an error, not a throw', (_name, options, error) => {
    const result = analyzeExperiment(options as unknown as AnalysisOptions);
    expect(result).toMatchObject({ error, arms: [], srm: { mismatch: false } });
  });

  it('a getter that throws: an error, not a throw', () => {
    const hostile = { metric: 'proportion', get arms(): never { throw new Error('boom'); } };
    expect(analyzeExperiment(hostile as unknown as AnalysisOptions).error).toBe('the options could not be read');
  });

  it('SRM without a usable weight gives a reason and keeps the lifts', () => {
    const result = analyzeExperiment({ metric: 'proportion', arms: [arms[0]!, { ...arms[1]!, weight: 0 }] });
    expect(result.srm).toEqual({ mismatch: false, reason: 'arms[1].weight must be a positive finite number' });
    expect(result.arms[0]!.kind).toBe('compared');
  });

  it('flags a planted SRM', () => {
    expect(two({ users: 10000, sum: 500 }, { users: 10600, sum: 540 }).srm.mismatch).toBe(true);
    expect(two({ users: 10000, sum: 500 }, { users: 10100, sum: 540 }).srm.mismatch).toBe(false);
  });
});
