/**
 * A linear-time regex matcher (Thompson's construction, simulated Pike-style without
 * captures) for patterns that could backtrack catastrophically in the native engine.
 * `test(s)` costs O(|s| × program size) whatever the pattern: `(a+)+$` on a long run
 * of `a`s is as fast as `a+$`.
 */
import { parseRegex, wordChar, type CharTest, type RegexNode } from './regex-parse';

/** Largest compiled program accepted: bounds the per-character cost. */
export const MAX_PROGRAM_SIZE = 2000;

const CHAR = 0;
const SPLIT = 1;
const JMP = 2;
const ASSERT = 3;
const MATCH = 4;

interface Program {
  op: Uint8Array;
  /** SPLIT/JMP targets. */
  x: Int32Array;
  y: Int32Array;
  test: (CharTest | undefined)[];
  assertion: (RegexNode & { t: 'assert' })['kind'][];
  size: number;
}

/** A compiled pattern: `test` as `RegExp.prototype.test` answers it. */
export interface LinearRegex {
  test(input: string): boolean;
}

/**
 * Compiles `pattern` to a linear-time matcher; throws when the pattern is outside the
 * supported subset or its program would be too large.
 *
 * @example
 * ```ts
 * compileLinearRegex('(a+)+$', false).test('a'.repeat(100_000) + '!'); // false, in milliseconds
 * ```
 */
export function compileLinearRegex(pattern: string, insensitive: boolean): LinearRegex {
  const tree = parseRegex(pattern, insensitive);
  const code: { op: number; x: number; y: number; test?: CharTest; kind?: (RegexNode & { t: 'assert' })['kind'] }[] = [];
  const emit = (op: number, extra: Partial<(typeof code)[number]> = {}) => {
    if (code.length >= MAX_PROGRAM_SIZE) throw new RangeError('regex program too large');
    code.push({ op, x: -1, y: -1, ...extra });
    return code.length - 1;
  };
  const gen = (node: RegexNode): void => {
    switch (node.t) {
      case 'char':
        emit(CHAR, { test: node.test });
        return;
      case 'assert':
        emit(ASSERT, { kind: node.kind });
        return;
      case 'seq':
        for (const item of node.items) gen(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        node.options.forEach((option, k) => {
          if (k < node.options.length - 1) {
            const split = emit(SPLIT);
            code[split]!.x = split + 1;
            gen(option);
            jumps.push(emit(JMP));
            code[split]!.y = code.length;
          } else gen(option);
        });
        for (const j of jumps) code[j]!.x = code.length;
        return;
      }
      case 'rep': {
        for (let k = 0; k < node.min; k++) gen(node.node);
        if (node.max === Infinity) {
          const split = emit(SPLIT);
          code[split]!.x = split + 1;
          gen(node.node);
          code[emit(JMP)]!.x = split;
          code[split]!.y = code.length;
        } else {
          const splits: number[] = [];
          for (let k = node.min; k < node.max; k++) {
            const split = emit(SPLIT);
            code[split]!.x = split + 1;
            splits.push(split);
            gen(node.node);
          }
          for (const s of splits) code[s]!.y = code.length;
        }
        return;
      }
    }
  };
  gen(tree);
  emit(MATCH);
  const size = code.length;
  const program: Program = {
    op: Uint8Array.from(code, (c) => c.op),
    x: Int32Array.from(code, (c) => c.x),
    y: Int32Array.from(code, (c) => c.y),
    test: code.map((c) => c.test),
    assertion: code.map((c) => c.kind ?? 'bol'),
    size,
  };
  return { test: (input) => run(program, input) };
}

function run(p: Program, s: string): boolean {
  let current = new Int32Array(p.size);
  let next = new Int32Array(p.size);
  let currentLength = 0;
  let nextLength = 0;
  // Which pcs are already in the list being built, stamped by step to avoid clearing.
  const seen = new Int32Array(p.size).fill(-1);
  const stack = new Int32Array(p.size * 2 + 2);

  /** Adds `pc` and everything reachable from it without consuming input, at position `at`. */
  const add = (list: Int32Array, length: number, pc: number, at: number, stamp: number): number => {
    let top = 0;
    stack[top++] = pc;
    while (top > 0) {
      const q = stack[--top]!;
      if (seen[q] === stamp) continue;
      seen[q] = stamp;
      switch (p.op[q]) {
        case JMP:
          stack[top++] = p.x[q]!;
          break;
        case SPLIT:
          // Order does not matter: test() only asks whether some thread matches.
          stack[top++] = p.y[q]!;
          stack[top++] = p.x[q]!;
          break;
        case ASSERT:
          if (holds(p.assertion[q]!, s, at)) stack[top++] = q + 1;
          break;
        default:
          list[length++] = q;
      }
    }
    return length;
  };

  for (let at = 0; ; at++) {
    // Unanchored search: a new thread starts at every position.
    currentLength = add(current, currentLength, 0, at, at);
    if (at >= s.length) break;
    const c = s.charCodeAt(at);
    nextLength = 0;
    for (let k = 0; k < currentLength; k++) {
      const pc = current[k]!;
      if (p.op[pc] === MATCH) return true;
      if (p.test[pc]!(c)) nextLength = add(next, nextLength, pc + 1, at + 1, at + 1);
    }
    [current, next] = [next, current];
    currentLength = nextLength;
  }
  for (let k = 0; k < currentLength; k++) if (p.op[current[k]!] === MATCH) return true;
  return false;
}

function holds(kind: (RegexNode & { t: 'assert' })['kind'], s: string, at: number): boolean {
  switch (kind) {
    case 'bol':
      return at === 0;
    case 'eol':
      return at === s.length;
    default: {
      const before = at > 0 && wordChar(s.charCodeAt(at - 1));
      const after = at < s.length && wordChar(s.charCodeAt(at));
      return kind === 'word' ? before !== after : before === after;
    }
  }
}
