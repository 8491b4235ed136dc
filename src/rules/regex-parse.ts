/**
 * A parser for JavaScript regular expressions without the `u` flag: literals, `.`, classes,
 * the usual escapes, anchors, word boundaries, groups, alternation, every quantifier,
 * lookarounds and back-references. The tree serves two readers: `safe-regex.ts` bounds
 * how long the native engine could backtrack on it, and the linear-time matcher
 * (`regex-nfa.ts`) runs it, refusing lookarounds and back-references, which cannot be
 * matched in linear time.
 */

/** A test of one UTF-16 code unit. */
export type CharTest = (code: number) => boolean;

/** The syntax tree. */
export type RegexNode =
  | { t: 'char'; test: CharTest }
  | { t: 'assert'; kind: 'bol' | 'eol' | 'word' | 'nonword' }
  | { t: 'seq'; items: RegexNode[] }
  | { t: 'alt'; options: RegexNode[] }
  | { t: 'rep'; node: RegexNode; min: number; max: number }
  | { t: 'look'; node: RegexNode }
  | { t: 'backref' };

/** Thrown for syntax the matcher does not support; caught by the compiler. */
export class UnsupportedRegex extends Error {}

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
const isWord: CharTest = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SPACES = new Set([9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace: CharTest = (c) => SPACES.has(c) || (c >= 0x2000 && c <= 0x200a);
const isLineEnd = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const not = (test: CharTest): CharTest => (c) => !test(c);
const CLASS_ESCAPES: Record<string, CharTest> = { d: isDigit, D: not(isDigit), w: isWord, W: not(isWord), s: isSpace, S: not(isSpace) };
const CONTROL: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };

/** Whether `code` is a word character, for `\b`. */
export const wordChar = isWord;

/**
 * Parses `pattern`. Throws {@link UnsupportedRegex} (or a SyntaxError from the caller's
 * native check) for anything outside the subset.
 *
 * @example
 * ```ts
 * parseRegex('(a+)+$'); // { t: 'seq', items: [{ t: 'rep', ... }, { t: 'assert', kind: 'eol' }] }
 * ```
 */
export function parseRegex(pattern: string, insensitive: boolean): RegexNode {
  let i = 0;
  const fold = (test: CharTest): CharTest => (insensitive ? caseless(test) : test);

  const alternation = (): RegexNode => {
    const options = [sequence()];
    while (pattern[i] === '|') {
      i++;
      options.push(sequence());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  };

  const sequence = (): RegexNode => {
    const items: RegexNode[] = [];
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const atom = parseAtom();
      items.push(quantified(atom));
    }
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  };

  const quantified = (atom: RegexNode): RegexNode => {
    const c = pattern[i];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 32));
      // Not a quantifier: JavaScript reads a lone `{` as a literal.
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      i += m[0].length - 1;
    } else return atom;
    i++;
    if (pattern[i] === '?') i++; // lazy: the same language, and test() only asks whether there is a match
    return { t: 'rep', node: atom, min, max };
  };

  const parseAtom = (): RegexNode => {
    const c = pattern[i++]!;
    switch (c) {
      case '(': {
        let look = false;
        if (pattern[i] === '?') {
          if (pattern[i + 1] === ':') i += 2;
          else if (pattern[i + 1] === '<' && pattern[i + 2] !== '=' && pattern[i + 2] !== '!') i = pattern.indexOf('>', i) + 1;
          else {
            look = true;
            i += pattern[i + 1] === '<' ? 3 : 2;
          }
        }
        const inner = alternation();
        if (pattern[i++] !== ')') throw new UnsupportedRegex();
        return look ? { t: 'look', node: inner } : inner;
      }
      case '[':
        return { t: 'char', test: parseClass() };
      case '.':
        return { t: 'char', test: (code) => !isLineEnd(code) };
      case '^':
        return { t: 'assert', kind: 'bol' };
      case '$':
        return { t: 'assert', kind: 'eol' };
      case '\\': {
        const e = pattern[i++] ?? '';
        if (e === 'b') return { t: 'assert', kind: 'word' };
        if (e === 'B') return { t: 'assert', kind: 'nonword' };
        if (/[1-9k]/.test(e)) {
          // `\12` is one reference, `\k<name>` a named one. Where JavaScript reads them otherwise
          // (an octal escape, a literal `k`), the tree over-states the cost: the safe direction.
          while (/[0-9]/.test(pattern[i] ?? '')) i++;
          if (e === 'k' && pattern[i] === '<') i = pattern.indexOf('>', i) + 1 || pattern.length;
          return { t: 'backref' };
        }
        const cls = CLASS_ESCAPES[e];
        if (cls) return { t: 'char', test: cls };
        const code = escapeCode(e);
        return { t: 'char', test: fold((x) => x === code) };
      }
      default: {
        const code = c.charCodeAt(0);
        return { t: 'char', test: fold((x) => x === code) };
      }
    }
  };

  /** The code unit of an escape such as `\n`, `\x41`, `\u0041`, `\cJ` or `\.`; advances `i` past it. */
  const escapeCode = (e: string): number => {
    // `\01` is a legacy octal escape, rare enough to refuse rather than emulate.
    if (e === '0' && /[0-9]/.test(pattern[i] ?? '')) throw new UnsupportedRegex();
    if (e in CONTROL) return CONTROL[e]!;
    if (e === 'x' && /^[0-9a-fA-F]{2}/.test(pattern.slice(i, i + 2))) return parseInt(pattern.slice(i, (i += 2)), 16);
    if (e === 'u' && /^[0-9a-fA-F]{4}/.test(pattern.slice(i, i + 4))) return parseInt(pattern.slice(i, (i += 4)), 16);
    if (e === 'c' && /[a-zA-Z]/.test(pattern[i] ?? '')) return pattern.charCodeAt(i++) % 32;
    return e.charCodeAt(0);
  };

  const parseClass = (): CharTest => {
    const negated = pattern[i] === '^';
    if (negated) i++;
    const tests: CharTest[] = [];
    const ranges: number[] = [];
    while (i < pattern.length && pattern[i] !== ']') {
      const low = classAtom();
      if (typeof low !== 'number') {
        tests.push(low);
        continue;
      }
      if (pattern[i] === '-' && pattern[i + 1] !== ']' && i + 1 < pattern.length) {
        i++;
        const high = classAtom();
        if (typeof high !== 'number') {
          // `[a-\d]`: JavaScript (Annex B) reads the dash literally.
          ranges.push(low, low, 45, 45);
          tests.push(high);
          continue;
        }
        ranges.push(low, high);
      } else ranges.push(low, low);
    }
    if (pattern[i++] !== ']') throw new UnsupportedRegex();
    const inRanges = (c: number) => {
      for (let k = 0; k < ranges.length; k += 2) if (c >= ranges[k]! && c <= ranges[k + 1]!) return true;
      return false;
    };
    const member: CharTest = tests.length === 0 ? inRanges : (c) => inRanges(c) || tests.some((t) => t(c));
    // With `i`, membership is decided on the folded character, then negated.
    const folded = fold(member);
    return negated ? not(folded) : folded;
  };

  const classAtom = (): number | CharTest => {
    const c = pattern[i++]!;
    if (c !== '\\') return c.charCodeAt(0);
    const e = pattern[i++] ?? '';
    if (e === 'b') return 8;
    const cls = CLASS_ESCAPES[e];
    if (cls) return cls;
    return escapeCode(e);
  };

  const tree = alternation();
  if (i < pattern.length) throw new UnsupportedRegex();
  return tree;
}

/** Case-insensitive version of a test, within ASCII or within non-ASCII as JavaScript does without `u`. */
function caseless(test: CharTest): CharTest {
  return (c) => {
    if (test(c)) return true;
    const ch = String.fromCharCode(c);
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    for (const v of [lower, upper]) {
      if (v.length !== 1) continue;
      const code = v.charCodeAt(0);
      if (code !== c && code < 128 === c < 128 && test(code)) return true;
    }
    return false;
  };
}

/** Whether every match must start at position 0 (`^` first on every branch; no `m` flag is ever used). */
export function anchoredAtStart(node: RegexNode): boolean {
  switch (node.t) {
    case 'assert':
      return node.kind === 'bol';
    case 'seq':
      return node.items.length > 0 && anchoredAtStart(node.items[0]!);
    case 'alt':
      return node.options.every(anchoredAtStart);
    default:
      return false;
  }
}
