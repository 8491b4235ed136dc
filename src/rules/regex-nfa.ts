/**
 * A linear-time regex matcher (Thompson's construction, simulated Pike-style without
 * captures) for patterns that could backtrack catastrophically in the native engine.
 * `test(s)` visits each program instruction at most once per input position, so its cost
 * is at most (|s| + 1) × program size whatever the pattern: `(a+)+$` on a long run of `a`s
 * is as fast as `a+$`. That product is capped too ({@link MAX_MATCH_WORK}): beyond it the
 * answer is `false` (fail closed), so one test stays well under a millisecond.
 */
import { parseRegex, UnsupportedRegex, wordChar, type CharTest, type RegexNode } from './regex-parse';

/**
 * Largest compiled program accepted (larger: the pattern is refused as too complex). Under
 * {@link MAX_MATCH_WORK} such a program could test values of 15 characters at most.
 */
export const MAX_PROGRAM_SIZE = 1024;
/**
 * Most work one test may need: (input length + 1) × program size; beyond it the input does
 * not match. A program of up to 15 instructions (`[a-z]+@[a-z]+\.com$` has 15) sees every
 * input up to the 1,024-character cap; one of 246 instructions sees inputs up to 65
 * characters. At the limit a test took 0.20 to 0.32 ms of CPU on a shared 2-core machine
 * under a load of 6 to 10.
 */
export const MAX_MATCH_WORK = 16_384;

const CHAR = 0;
const SPLIT = 1;
const JMP = 2;
const ASSERT = 3;
const MATCH = 4;
const ASSERTIONS = ['bol', 'eol', 'word', 'nonword'] as const;

/** The program as parallel arrays, indexed by instruction. */
interface Program {
  op: number[];
  /** SPLIT/JMP targets. */
  x: number[];
  y: number[];
  /** For CHAR: the test of one code unit. */
  test: (CharTest | undefined)[];
  /** For ASSERT: an index into ASSERTIONS. */
  kind: number[];
}

/** A compiled pattern: `test` as `RegExp.prototype.test` answers it, or `false` when the input is too long for the program. */
export interface LinearRegex {
  test(input: string): boolean;
}

/**
 * Compiles `pattern` to a linear-time matcher; throws when the pattern is outside the
 * supported subset (lookarounds, back-references) or its program would be too large.
 *
 * @example
 * ```ts
 * compileLinearRegex('(a+)+$', false).test('a'.repeat(1000) + '!'); // false, in microseconds
 * ```
 */
export function compileLinearRegex(pattern: string, insensitive: boolean): LinearRegex {
  return compileTree(parseRegex(pattern, insensitive));
}

/** Compiles an already parsed pattern; see {@link compileLinearRegex}. */
export function compileTree(tree: RegexNode): LinearRegex {
  const p: Program = { op: [], x: [], y: [], test: [], kind: [] };
  const { op, x, y } = p;
  const emit = (code: number, test?: CharTest, kind = 0) => {
    if (op.length >= MAX_PROGRAM_SIZE) throw new RangeError('regex program too large');
    p.test.push(test);
    p.kind.push(kind);
    x.push(-1);
    y.push(-1);
    return op.push(code) - 1;
  };
  const gen = (node: RegexNode): void => {
    switch (node.t) {
      case 'char':
        emit(CHAR, node.test);
        return;
      case 'assert':
        emit(ASSERT, undefined, ASSERTIONS.indexOf(node.kind));
        return;
      case 'seq':
        for (const item of node.items) gen(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        node.options.forEach((option, k) => {
          if (k < node.options.length - 1) {
            const split = emit(SPLIT);
            x[split] = split + 1;
            gen(option);
            jumps.push(emit(JMP));
            y[split] = op.length;
          } else gen(option);
        });
        for (const j of jumps) x[j] = op.length;
        return;
      }
      case 'rep': {
        for (let k = 0; k < node.min; k++) gen(node.node);
        if (node.max === Infinity) {
          const split = emit(SPLIT);
          x[split] = split + 1;
          gen(node.node);
          x[emit(JMP)] = split;
          y[split] = op.length;
        } else {
          const splits: number[] = [];
          for (let k = node.min; k < node.max; k++) {
            const split = emit(SPLIT);
            x[split] = split + 1;
            splits.push(split);
            gen(node.node);
          }
          for (const split of splits) y[split] = op.length;
        }
        return;
      }
      default:
        throw new UnsupportedRegex(node.t === 'look' ? 'lookaround' : 'back-reference');
    }
  };
  gen(tree);
  emit(MATCH);
  return { test: (input) => (input.length + 1) * op.length <= MAX_MATCH_WORK && run(p, input) };
}

/** Whether some thread reaches MATCH. */
function run(p: Program, s: string): boolean {
  const { test } = p;
  const size = p.op.length;
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  // seen[pc] === position + 1: pc is already in that position's list.
  const seen = new Int32Array(size);
  const stack = new Int32Array(size * 2 + 2);
  let currentLength = 0;
  for (let at = 0; ; at++) {
    // Unanchored search: a new thread starts at every position.
    currentLength = add(p, seen, stack, current, currentLength, 0, s, at);
    if (currentLength < 0) return true;
    if (at === s.length) return false;
    const c = s.charCodeAt(at);
    let nextLength = 0;
    for (let k = 0; k < currentLength; k++) {
      const pc = current[k]!;
      // Most successors are already in the next list (`.?.?.?` puts all of them there at once).
      if (test[pc]!(c) && seen[pc + 1] !== at + 2) {
        nextLength = add(p, seen, stack, next, nextLength, pc + 1, s, at + 1);
        if (nextLength < 0) return true;
      }
    }
    const swap = current;
    current = next;
    next = swap;
    currentLength = nextLength;
  }
}

/**
 * Adds `pc` and everything reachable from it without consuming input, at position `at`, to
 * `list`; returns the new length, or -1 when MATCH is reached (test() needs no more).
 */
function add(p: Program, seen: Int32Array, stack: Int32Array, list: Int32Array, length: number, pc: number, s: string, at: number): number {
  const { op, x, y } = p;
  let top = 0;
  stack[top++] = pc;
  while (top > 0) {
    const q = stack[--top]!;
    if (seen[q] === at + 1) continue;
    seen[q] = at + 1;
    const o = op[q];
    if (o === CHAR) list[length++] = q;
    else if (o === SPLIT) {
      // Order does not matter: test() only asks whether some thread matches.
      stack[top++] = y[q]!;
      stack[top++] = x[q]!;
    } else if (o === JMP) stack[top++] = x[q]!;
    else if (o === ASSERT) {
      if (holds(p.kind[q]!, s, at)) stack[top++] = q + 1;
    } else return -1;
  }
  return length;
}

function holds(kind: number, s: string, at: number): boolean {
  if (kind === 0) return at === 0;
  if (kind === 1) return at === s.length;
  const before = at > 0 && wordChar(s.charCodeAt(at - 1));
  const after = at < s.length && wordChar(s.charCodeAt(at));
  return kind === 2 ? before !== after : before === after;
}
