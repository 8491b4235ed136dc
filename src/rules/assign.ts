/**
 * Arms of a rule's experiment and which one a user is in: the holdout first (its share of the
 * hash space), then the variants by weight. Deterministic per unit, rule and version (GrowthBook's
 * hash, version 2) and sticky on the device: the first arm assigned is kept in the engine's
 * saved state, so changing weights never moves a user; a new `version` assigns afresh. The device
 * remembers the arm of the last unit per rule: another user (or the same user after identify())
 * is assigned by their own hash, so a user is in the same arm on every device.
 */
import { isRecord } from '../core/option-checks';
import type { NudgeContent } from '../nudges/model';
import { hashUnitId } from './hash';
import type { RuleArms } from './compiled-rule';
import type { Decision, ExposureProperties } from './engine-types';

/** The control arm's id. */
export const HOLDOUT_ARM = 'holdout';
/** The arm id of a rule with a single `nudge`. */
export const DEFAULT_ARM = 'default';

/** What the device remembers of one rule: the unit, version and arm assigned (and exposed: both happen at the first decision). */
export interface ArmRecord {
  v: string | number;
  a: string;
  u: string;
}

/** Rule id -> its sticky arm. */
export type ArmRecords = Record<string, ArmRecord>;

/**
 * The arm `unit` falls in by its hash alone (no stickiness).
 *
 * @example
 * ```ts
 * bucketOf(compileArms(rule), 'user-42'); // compileArms from compile-arms.ts // 'holdout', 'a' or 'b', the same on every device
 * ```
 */
export function bucketOf(arms: RuleArms, unit: string): string {
  const n = hashUnitId(arms.seed, unit, 2) ?? 0;
  if (n < arms.holdout) return HOLDOUT_ARM;
  for (const v of arms.variants) if (n < v.upper) return v.id;
  return arms.variants[arms.variants.length - 1]!.id;
}

/** The nudge of arm `id`; undefined for the holdout. */
export function nudgeOf(arms: RuleArms, id: string): NudgeContent | undefined {
  for (const v of arms.variants) if (v.id === id) return v.nudge;
  return undefined;
}

/**
 * The arm remembered for `unit` and this version, if it still exists (has a share > 0): then its
 * exposure was logged already. A lookup, no allocation: a decision's usual path.
 */
export function stickyArm(records: ArmRecords, arms: RuleArms, unit: string): ArmRecord | undefined {
  const record = records[arms.ruleId];
  if (!record || record.u !== unit || !(record.v === arms.version || String(record.v) === arms.versionKey)) return undefined;
  return (arms.shares.get(record.a) ?? 0) > 0 ? record : undefined;
}

/**
 * Assigns `unit` its hash bucket and remembers it (replacing the record of another unit or
 * version): the caller logs the exposure. One record per rule, so the state stays bounded.
 */
export function newArm(records: ArmRecords, arms: RuleArms, unit: string): ArmRecord {
  return (records[arms.ruleId] = { v: arms.version, a: bucketOf(arms, unit), u: unit });
}

/**
 * `decision` with its exposure, if any. Set after the literal is built: an object spread there
 * would make every showing slower, for a field that is rarely set.
 */
export function withExposure(decision: Decision, exposure: ExposureProperties | undefined): Decision {
  if (exposure && decision.kind !== 'converted') decision.exposure = exposure;
  return decision;
}

/** The `nudge_exposure` properties of arm `variant`. A fresh object each time: the pipeline owns what it is given. */
export function exposureOf(arms: RuleArms, variant: string): ExposureProperties {
  const weights: { [arm: string]: number } = {};
  for (const [id, share] of arms.shares) weights[id] = share;
  const exposure: ExposureProperties = { ruleId: arms.ruleId, variant, version: arms.version, weights };
  if (arms.goal) exposure['goal'] = { event: arms.goal.event, withinMs: arms.goal.withinMs };
  return exposure;
}

/**
 * Another tab logged an exposure: this tab adopts its arm and does not log it again.
 * Returns whether anything changed.
 */
export function noteExposure(records: ArmRecords, ruleId: unknown, variant: unknown, version: unknown, unit: string): boolean {
  if (typeof ruleId !== 'string' || typeof variant !== 'string' || !(typeof version === 'string' || typeof version === 'number')) return false;
  const record = records[ruleId];
  if (record && record.a === variant && record.v === version && record.u === unit) return false;
  records[ruleId] = { v: version, a: variant, u: unit };
  return true;
}

/** Reads saved records, keeping the well-formed ones. */
export function parseArmRecords(raw: unknown, into: ArmRecords): void {
  if (!isRecord(raw)) return;
  for (const id of Object.keys(raw)) {
    const r = raw[id];
    if (isRecord(r) && (typeof r.v === 'string' || typeof r.v === 'number') && typeof r.a === 'string' && typeof r.u === 'string') into[id] = { v: r.v, a: r.a, u: r.u };
  }
}

/**
 * Bounds the records: those of rules not loaded are kept (the rule may come back, and its users
 * must keep their arms) until there are more than `max`; then those go, in no particular order.
 */
export function pruneArmRecords(records: ArmRecords, loaded: ReadonlyMap<string, unknown>, max: number): boolean {
  const ids = Object.keys(records);
  if (ids.length <= max) return false;
  let excess = ids.length - max;
  for (const id of ids) {
    if (excess === 0) break;
    if (loaded.has(id)) continue;
    delete records[id];
    excess--;
  }
  return true;
}
