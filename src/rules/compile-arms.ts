/**
 * A rule's arms (holdout and variants) as `assign.ts` assigns users to them, compiled once when
 * rules are set. Apart from `assign.ts` so it loads with the rule compiler (`prepare.ts`),
 * not in the engine's first chunk.
 */
import { DEFAULT_ARM, HOLDOUT_ARM } from './assign';
import type { RuleArms } from './compiled-rule';
import type { RuleDefinition } from './types';

/** Compiles the arms of a validated rule. */
export function compileArms(def: RuleDefinition): RuleArms {
  const version = def.version ?? 1;
  const versionKey = String(version);
  const holdout = def.holdout ?? 0;
  const list = def.variants ?? [{ id: DEFAULT_ARM, nudge: def.nudge! }];
  let total = 0;
  for (const v of list) total += v.weight ?? 1;
  const shares = new Map<string, number>();
  if (holdout > 0) shares.set(HOLDOUT_ARM, holdout);
  let cumulative = 0;
  const variants = list.map((v, i): RuleArms['variants'][number] => {
    const weight = v.weight ?? 1;
    shares.set(v.id, ((1 - holdout) * weight) / total);
    cumulative += weight;
    // The last one ends at 1 exactly, so rounding never leaves a user without an arm.
    return { id: v.id, nudge: v.nudge, upper: i === list.length - 1 ? 1 : holdout + ((1 - holdout) * cumulative) / total };
  });
  // Version 1 keeps the seed holdouts had before variants existed, so a held-out user stays held out.
  const seed = versionKey === '1' ? `holdout:${def.id}` : `holdout:${def.id}@${versionKey}`;
  return { ruleId: def.id, version, versionKey, seed, holdout, variants, shares, goal: def.goal };
}
