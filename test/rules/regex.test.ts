import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLinearRegex, MAX_MATCH_WORK } from '../../src/rules/regex-nfa';
import { compileSafeRegex, MAX_INPUT_LENGTH, safeRegExp } from '../../src/rules/safe-regex';
import { evalCondition, validateRules } from '../../src/rules/index';
import { safeRegex } from '../../src/rules/regex-engine';
import { aRule } from './helpers';

/** Small random patterns over a tiny alphabet, so they often match and often backtrack. */
const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '\\w', '\\s', 'A', '-', '\\.', '[a-c]', '\\b', '^', '$');
const pattern: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => a + b),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(${a}|${b})`),
    fc.tuple(tie('node'), fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?')).map(([a, q]) => `(?:${a})${q}`),
  ),
})).node;
const input = fc.stringMatching(/^[abAc1 .\-_]{0,12}$/);

/** The native engine's compiled pattern, or `undefined` where it rejects the pattern (the case is skipped). */
function nativeRegExp(p: string, insensitive: boolean): RegExp | undefined {
  try {
    return new RegExp(p, insensitive ? 'i' : undefined);
  } catch {
    return undefined;
  }
}

describe('linear-time regex matcher', () => {
  it('agrees with the native engine on random patterns and inputs', () => {
    fc.assert(
      fc.property(pattern, input, fc.boolean(), (p, s, insensitive) => {
        const native = nativeRegExp(p, insensitive);
        if (native) expect(compileLinearRegex(p, insensitive).test(s)).toBe(native.test(s));
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
  const catastrophic = [
    '(a+)+$',
    '(a|aa)+$',
    '(a|a)*b',
    '([a-zA-Z]+)*$',
    '(x+x+)+y',
    '^(\\w+\\s?)*$',
    '(.*a){12}$',
    '.*.*.*.*.*x',
    'a*a*a*a*a*b',
    '(\\d+)*[a-z]',
    // No quantifier at all, yet each group doubles the work: 4.5 s natively at 27 groups.
    '^' + '(a|.)'.repeat(27) + 'b',
    '(a|.)'.repeat(27) + 'b',
    '(?:a|a)'.repeat(30) + 'b',
    // A literal `}` followed by `?` is a quantifier, not a lazy modifier: 19.6 s natively.
    '}?'.repeat(50) + '}'.repeat(50),
    'a?'.repeat(30) + 'a'.repeat(30),
    '^(a|a?)+$',
    '(a|b|ab)*c',
    '^(([a-z])+.)+[A-Z]([a-z])+$',
    '(.*)*x',
    '\\s*#?\\s*$x',
    '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
  ];
  const long = 'a'.repeat(MAX_INPUT_LENGTH - 1) + '!';
  const inputs = [long, 'x'.repeat(900), ' '.repeat(1000) + '!', 'a'.repeat(27) + 'c', '}'.repeat(50), 'a'.repeat(30) + '!', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@', 'Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'];

  it.each(catastrophic)('%s is compiled to the linear-time matcher and answers at once on hostile input', (p) => {
    const compiled = compileSafeRegex(p, false);
    expect('regex' in compiled && !(compiled.regex instanceof RegExp)).toBe(true);
    expect(validateRules([aRule('r', { when: { s: { $regex: p } } })], 'rules', safeRegex).issues).toEqual([]);
    const started = Date.now();
    for (const s of inputs) evalCondition({ s }, { s: { $regex: p } }, undefined, safeRegex);
    // A backtracking engine would take seconds to hours here; the guard is generous on purpose.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('the linear-time matcher still answers as JavaScript does where it runs', () => {
    expect(evalCondition({ s: 'a'.repeat(27) + 'b' }, { s: { $regex: '^' + '(a|.)'.repeat(27) + 'b' } }, undefined, safeRegex)).toBe(true);
    expect(evalCondition({ s: 'a'.repeat(27) + 'c' }, { s: { $regex: '^' + '(a|.)'.repeat(27) + 'b' } }, undefined, safeRegex)).toBe(false);
    expect(evalCondition({ s: '}'.repeat(70) }, { s: { $regex: '}?'.repeat(50) + '}'.repeat(50) } }, undefined, safeRegex)).toBe(true);
    expect(evalCondition({ s: '}'.repeat(49) }, { s: { $regex: '}?'.repeat(50) + '}'.repeat(50) } }, undefined, safeRegex)).toBe(false);
  });

  it('a test that would need more than MAX_MATCH_WORK steps does not match (fail closed), without a report', () => {
    // (a|b), 120 optional characters, x: 246 instructions, so inputs up to 65 characters are tested.
    const pattern = '(a|b)' + '.?'.repeat(120) + 'x';
    const limit = Math.floor(MAX_MATCH_WORK / 246) - 1;
    expect(evalCondition({ s: 'a'.repeat(limit - 1) + 'x' }, { s: { $regex: pattern } }, undefined, safeRegex)).toBe(true);
    // This one matches too (an `a` 120 characters before the `x`), but is too long to test.
    // (Never try it on the native engine: it backtracks for minutes.)
    expect(evalCondition({ s: 'a'.repeat(limit + 1) + 'x' }, { s: { $regex: pattern } }, undefined, safeRegex)).toBe(false);
    expect(evalCondition({ s: 'a'.repeat(MAX_INPUT_LENGTH) }, { s: { $regex: pattern } }, undefined, safeRegex)).toBe(false);
    // A small program sees inputs up to the length cap.
    expect(evalCondition({ s: 'a'.repeat(MAX_INPUT_LENGTH - 1) + '!' }, { s: { $regex: '(a+)+!$' } }, undefined, safeRegex)).toBe(true);
  });

  it('an input longer than the cap does not match (fail closed)', () => {
    expect(evalCondition({ s: 'a'.repeat(MAX_INPUT_LENGTH + 1) }, { s: { $regex: '^a' } }, undefined, safeRegex)).toBe(false);
    expect(evalCondition({ s: 'a'.repeat(MAX_INPUT_LENGTH) }, { s: { $regex: '^a' } }, undefined, safeRegex)).toBe(true);
  });

  it('a pattern over the length cap, or with back-references or lookarounds that could backtrack, is refused and never matches', () => {
    const tooLong = 'a'.repeat(300);
    expect(safeRegExp(tooLong, false)).toBeUndefined();
    expect(evalCondition({ s: tooLong }, { s: { $regex: tooLong } }, undefined, safeRegex)).toBe(false);
    expect(safeRegExp('(a+)\\1+', false)).toBeUndefined();
    expect(safeRegExp('(?=a+)+b', false)).toBeUndefined();
    expect(safeRegExp('(a|b)\\1' + '(a|.)'.repeat(20), false)).toBeUndefined();
    // A back-reference may compare up to the whole value at every start position.
    expect(safeRegExp('(a)\\1', false)).toBeUndefined();
    const { issues } = validateRules([
      aRule('r', { when: { s: { $regex: '(a*)\\1*$' } } }),
      aRule('q', { when: { s: { $regexi: tooLong } } }),
      aRule('p', { when: { s: { $regex: '(?!x)(a|.)*$' } } }),
      aRule('o', { when: { s: { $regex: '(?:.{0,600}){3}x' } } }),
    ], 'rules', safeRegex);
    expect(issues).toEqual([
      { path: 'rules[0].when.s.$regex', message: 'unsafe regular expression: back-references cannot be used in a pattern that could backtrack heavily' },
      { path: 'rules[1].when.s.$regexi', message: 'unsafe regular expression: pattern longer than 256 characters' },
      { path: 'rules[2].when.s.$regex', message: 'unsafe regular expression: lookarounds cannot be used in a pattern that could backtrack heavily' },
      { path: 'rules[3].when.s.$regex', message: 'unsafe regular expression: pattern too complex' },
    ]);
  });

  it('patterns whose backtracking is provably small keep the native engine (fast path)', () => {
    for (const p of ['(Mobile|Tablet)', '^ping', '-12-25$', 'Chrome/\\d+', '(?:iPhone|iPad)', '@(gmail|yahoo)\\.com$', 'colou?r', '^(a)\\1', 'foo(?=bar)', '^\\d+$']) {
      expect(safeRegExp(p, false), p).toBeInstanceOf(RegExp);
    }
    // One quantifier is not enough to be safe: `.*x` backtracks quadratically on a capped input.
    for (const p of ['.*x', '\\d+$', '(?:a?){5}b']) expect(safeRegExp(p, false), p).not.toBeInstanceOf(RegExp);
  });

  it('whichever engine runs, the answer is the native one on random patterns and inputs', () => {
    fc.assert(
      fc.property(pattern, input, fc.boolean(), (p, s, insensitive) => {
        const native = nativeRegExp(p, insensitive);
        if (native) expect(safeRegExp(p, insensitive)?.test(s)).toBe(native.test(s));
      }),
      { numRuns: 1000 },
    );
  });
});
