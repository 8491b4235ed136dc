import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLinearRegex } from '../../src/rules/regex-nfa';
import { compileSafeRegex, MAX_INPUT_LENGTH, safeRegExp } from '../../src/rules/safe-regex';
import { evalCondition, validateRules } from '../../src/rules/index';
import { aRule } from './helpers';

/** Small random patterns over a tiny alphabet, so they often match and often backtrack. */
const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '\\w', '\\s', 'A', '-', '\\.', '[a-c]', '\\b', '^', '$');
const pattern: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => a + b),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(${a}|${b})`),
    fc.tuple(tie('node'), fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?')).map(([a, q]) => (/[\^$]$|\\b$/.test(a) ? `(?:${a})` : `(?:${a})`) + q),
  ),
})).node;
const input = fc.stringMatching(/^[abAc1 .\-_]{0,12}$/);

describe('linear-time regex matcher', () => {
  it('agrees with the native engine on random patterns and inputs', () => {
    fc.assert(
      fc.property(pattern, input, fc.boolean(), (p, s, insensitive) => {
        let native: RegExp;
        try {
          native = new RegExp(p, insensitive ? 'i' : undefined);
        } catch {
          return;
        }
        expect(compileLinearRegex(p, insensitive).test(s)).toBe(native.test(s));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['(Mobile|Tablet)', 'Android Mobile Browser', true],
    ['^ping', 'pingpong', true],
    ['-12-25$', '1980-12-25', true],
    ['\\bcat\\b', 'a cat here', true],
    ['\\bcat\\b', 'concatenate', false],
    ['^\\d+\\.\\d+\\.\\d+$', '10.2.33', true],
    ['colou?r', 'color', true],
    ['[^\\s]+@[^\\s]+', 'me@example.com', true],
    ['x{2,3}', 'axxb', true],
    ['(?<year>\\d{4})-(?:\\d\\d)', '2026-01', true],
    ['\\u0041\\x42', 'AB', true],
  ])('%s on %j = %s', (p, s, expected) => {
    expect(compileLinearRegex(p, false).test(s)).toBe(expected);
    expect(new RegExp(p).test(s)).toBe(expected);
  });
});

describe('regex safety', () => {
  const catastrophic = ['(a+)+$', '(a|aa)+$', '(a|a)*b', '([a-zA-Z]+)*$', '(x+x+)+y', '^(\\w+\\s?)*$', '(.*a){12}$', '.*.*.*.*.*x', 'a*a*a*a*a*b', '(\\d+)*[a-z]'];
  const long = 'a'.repeat(MAX_INPUT_LENGTH - 1) + '!';

  it.each(catastrophic)('%s is compiled to the linear-time matcher and answers at once on long input', (p) => {
    const compiled = compileSafeRegex(p, false);
    expect('regex' in compiled && !(compiled.regex instanceof RegExp)).toBe(true);
    const started = Date.now();
    for (const s of [long, 'x'.repeat(900), ' '.repeat(1000) + '!']) evalCondition({ s }, { s: { $regex: p } });
    // A backtracking engine would take hours here; the test timeout is the real guard.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an input longer than the cap does not match (fail closed)', () => {
    expect(evalCondition({ s: 'a'.repeat(MAX_INPUT_LENGTH + 1) }, { s: { $regex: '^a' } })).toBe(false);
    expect(evalCondition({ s: 'a'.repeat(MAX_INPUT_LENGTH) }, { s: { $regex: '^a' } })).toBe(true);
  });

  it('a pattern over the length cap, or with back-references under repetition, is refused and never matches', () => {
    const tooLong = 'a'.repeat(300);
    expect(safeRegExp(tooLong, false)).toBeUndefined();
    expect(evalCondition({ s: tooLong }, { s: { $regex: tooLong } })).toBe(false);
    expect(safeRegExp('(a+)\\1+', false)).toBeUndefined();
    expect(safeRegExp('(?=a+)+b', false)).toBeUndefined();
    const { issues } = validateRules([aRule('r', { when: { s: { $regex: '(a*)\\1*$' } } }), aRule('q', { when: { s: { $regexi: tooLong } } })]);
    expect(issues).toEqual([
      { path: 'rules[0].when.s.$regex', message: 'unsafe regular expression: back-references and lookarounds cannot be combined with repetition' },
      { path: 'rules[1].when.s.$regexi', message: 'unsafe regular expression: pattern longer than 256 characters' },
    ]);
  });

  it('simple patterns keep the native engine (fast path)', () => {
    for (const p of ['(Mobile|Tablet)', '^ping', '-12-25$', 'Chrome/\\d+', '(?:iPhone|iPad)']) expect(safeRegExp(p, false)).toBeInstanceOf(RegExp);
  });
});
