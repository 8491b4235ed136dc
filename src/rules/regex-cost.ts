/**
 * An upper bound on the steps JavaScript's backtracking engine may take to test a pattern
 * against a string of at most `MAX_INPUT_LENGTH` characters, read from the pattern's tree.
 * Counting quantifiers is not enough: `(a|.)(a|.)...b` has none and still doubles its work
 * with each group. The bound follows the search tree the engine walks instead:
 *
 * - a character or an assertion is one step, then the rest of the pattern (`rest`);
 * - an alternation tries every branch, each followed by the rest;
 * - `x{min,max}` on one character consumes up to `max` characters, then tries the rest at
 *   each of its `max - min + 1` possible lengths (lazy ones in the other order: same bound);
 * - a quantified group gets no bound: V8 pays far more per iteration of a group than per
 *   character, so such patterns are left to the linear-time matcher;
 * - a lookaround is entered once and never re-entered when backtracking;
 * - a back-reference compares at most everything consumed so far, so each one at most doubles
 *   the longest possible match;
 * - an unanchored pattern is tried at every start position.
 *
 * One refinement keeps `Chrome/\d+` cheap: a quantifier that ends the whole pattern succeeds
 * as soon as it reaches `min` repetitions, so the long greedy run happens once per test.
 */
import { anchoredAtStart, type RegexNode } from './regex-parse';

/**
 * Upper bound on backtracking steps to test `tree` against `inputLength` characters, or
 * `Infinity`. Stops counting (returns `Infinity`) once past `limit`.
 *
 * @example
 * ```ts
 * backtrackingBound(parseRegex('(Mobile|Tablet)', false), 1024, 1e5); // 1025 × 12
 * backtrackingBound(parseRegex('(a+)+$', false), 1024, 1e5);          // Infinity
 * ```
 */
export function backtrackingBound(tree: RegexNode, inputLength: number, limit: number): number {
  const longest = Math.min(inputLength, longestMatch(tree, inputLength) * 2 ** countBackrefs(tree));
  const cap = (n: number) => (n > limit ? Infinity : n);

  /** Steps to explore `node` followed by a rest costing `rest` per entry; `final` when nothing follows at all. */
  const cost = (node: RegexNode, rest: number, final: boolean): number => {
    switch (node.t) {
      case 'char':
      case 'assert':
        return cap(1 + rest);
      case 'backref':
        return cap(longest + rest);
      case 'look':
        return cap(cost(node.node, 0, false) + rest);
      case 'seq': {
        let c = rest;
        for (let k = node.items.length - 1; k >= 0; k--) c = cost(node.items[k]!, c, final && k === node.items.length - 1);
        return c;
      }
      case 'alt': {
        let c = 0;
        for (const option of node.options) c = cap(c + cost(option, rest, final));
        return c;
      }
      case 'rep': {
        const max = Math.min(node.max, inputLength);
        const min = Math.min(node.min, inputLength);
        if (node.node.t === 'char' || node.node.t === 'assert') {
          // Ending the pattern: fewer than `min` is a cheap failure, `min` or more is the match.
          if (final) return cap(min + 1);
          return cap(max + (max - min + 1) * rest);
        }
        // A quantified group: each iteration costs the engine far more than a character
        // comparison (a backtrack frame, a loop counter, an empty-match check), so such
        // patterns go to the linear-time matcher whatever the count.
        return Infinity;
      }
    }
  };

  const starts = anchoredAtStart(tree) ? 1 : inputLength + 1;
  const perStart = cost(tree, 0, true);
  // `+ inputLength`: the one greedy run that ends a successful test.
  return cap(starts * perStart + inputLength);
}

/** The most characters a match can consume, back-references counted as 0 (see countBackrefs). */
function longestMatch(node: RegexNode, inputLength: number): number {
  switch (node.t) {
    case 'char':
      return 1;
    case 'seq':
      return Math.min(inputLength, node.items.reduce((sum, item) => sum + longestMatch(item, inputLength), 0));
    case 'alt':
      return Math.max(...node.options.map((o) => longestMatch(o, inputLength)));
    case 'rep':
      return node.max === 0 ? 0 : Math.min(inputLength, node.max * longestMatch(node.node, inputLength));
    default:
      return 0;
  }
}

/** Back-references a match can pass through, repetitions included. */
function countBackrefs(node: RegexNode): number {
  switch (node.t) {
    case 'backref':
      return 1;
    case 'seq':
      return node.items.reduce((sum, item) => sum + countBackrefs(item), 0);
    case 'alt':
      return node.options.reduce((sum, option) => sum + countBackrefs(option), 0);
    case 'rep': {
      const inner = countBackrefs(node.node);
      return inner === 0 ? 0 : inner * node.max;
    }
    case 'look':
      return countBackrefs(node.node);
    default:
      return 0;
  }
}
