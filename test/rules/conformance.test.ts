/**
 * GrowthBook's cross-SDK cases (third-party data, read from ../shared, never copied here).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCondition, evalCondition, hashUnitId } from '../../src/rules/index';
import type { Condition } from '../../src/rules/index';
import { safeRegex } from '../../src/rules/regex-engine';

const repoRoot = resolve(__dirname, '../..');
const casesPath = resolve(repoRoot, '../shared/conformance/growthbook-cases.json');
const present = existsSync(casesPath);
if (!present) console.warn(`GrowthBook conformance cases not found at ${casesPath}: the conformance tests are skipped.`);

type ConditionCase = [name: string, condition: Condition, attributes: Record<string, unknown>, expected: boolean, savedGroups?: Record<string, unknown[]>];
type HashCase = [seed: string, value: string, version: number, expected: number | null];
const cases = present
  ? (JSON.parse(readFileSync(casesPath, 'utf8')) as { evalCondition: ConditionCase[]; hash: HashCase[] })
  : { evalCondition: [], hash: [] };

describe.skipIf(!present)('GrowthBook conformance (../shared/conformance/growthbook-cases.json)', () => {
  it('has the 248 evalCondition cases', () => {
    expect(cases.evalCondition).toHaveLength(248);
  });

  it.each(cases.evalCondition.map((c, i) => [`${i}: ${c[0]}`, c] as const))('evalCondition %s', (_name, [, condition, attributes, expected, groups]) => {
    expect(evalCondition(attributes, condition, groups, safeRegex)).toBe(expected);
  });

  it.each(cases.evalCondition.map((c, i) => [`${i}: ${c[0]}`, c] as const))('compileCondition %s', (_name, [, condition, attributes, expected, groups]) => {
    const compiled = compileCondition(condition, groups, safeRegex);
    expect(compiled(attributes)).toBe(expected);
    // A compiled condition is reusable: the second call gives the same answer.
    expect(compiled(attributes)).toBe(expected);
  });

  it.each(cases.hash)('hash(%j, %j, %i) = %j', (seed, value, version, expected) => {
    const got = hashUnitId(seed, value, version);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 10);
  });
});
