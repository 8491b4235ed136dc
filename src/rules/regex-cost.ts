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
 * - a back-reference may compare up to the whole input;
 * - an unanchored pattern is tried at every start position.
 *
 * One refinement keeps `Chrome/\d+` cheap: a quantifier that ends the whole pattern succeeds
 * as soon as it reaches `min` repetitions, so the long greedy run happens once per test.
 */
import { anchoredAtStart, type RegexNode } from './regex-parse';

/**
 * Upper bound on the backtracking steps to test `tree` against `inputLength` characters
 * (`Infinity` for a quantified group).
 *
 * @example
 * ```ts
 * backtrackingBound(parseRegex('(Mobile|Tablet)', false), 1024); // 13,324
 * backtrackingBound(parseRegex('(a+)+$', false), 1024);          // Infinity
 * ```
 */
export function backtrackingBound(tree: RegexNode, inputLength: number): number {
  /** Steps to explore `node` followed by a rest costing `rest` per entry; `final` when nothing follows at all. */
  const cost = (node: RegexNode, rest: number, final: boolean): number => {
    switch (node.t) {
      case 'seq':
        return node.items.reduceRight((c, item, k) => cost(item, c, final && k === node.items.length - 1), rest);
      case 'alt':
        return node.options.reduce((c, option) => c + cost(option, rest, final), 0);
      case 'rep': {
        // A quantified group: each iteration costs the engine far more than a character
        // comparison (a backtrack frame, a loop counter, an empty-match check), so such
        // patterns go to the linear-time matcher whatever the count.
        if (node.node.t !== 'char' && node.node.t !== 'assert') return Infinity;
        const max = Math.min(node.max, inputLength);
        const min = Math.min(node.min, inputLength);
        // Ending the pattern: fewer than `min` is a cheap failure, `min` or more is the match.
        return final ? min + 1 : max + (max - min + 1) * rest;
      }
      case 'look':
        return cost(node.node, 0, false) + rest;
      default:
        return (node.t === 'backref' ? inputLength : 1) + rest;
    }
  };
  // `+ inputLength`: the one greedy run that ends a successful test.
  return (anchoredAtStart(tree) ? 1 : inputLength + 1) * cost(tree, 0, true) + inputLength;
}
