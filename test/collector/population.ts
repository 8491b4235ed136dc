/**
 * A population in Segment batches, for testing the experiments report without the SDK: users
 * exposed to a rule with a 20% holdout and arms a and b, each converting within the goal
 * window with a known probability, and optionally a share of one arm's exposures lost in
 * transit (a planted sample-ratio mismatch). Seeded, so every run sends the same events.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { ROOT } from './helpers';

interface Random {
  next(): number;
  chance(p: number): boolean;
  pick(weights: Record<string, number>): string;
}
const { createRandom } = (await import(pathToFileURL(resolve(ROOT, 'examples/simulate/random.mjs')).href)) as { createRandom(seed: number): Random };

export interface AnalysisArm {
  id: string;
  kind: 'control' | 'compared' | 'skipped';
  users: number;
  mean: number | null;
  lift?: number;
  ci?: [number, number];
  pValue?: number;
  pValueAdjusted?: number;
  reason?: string;
}

export interface Analysis {
  srm: { mismatch: boolean; pValue?: number };
  arms: AnalysisArm[];
}

export interface Experiment {
  ruleId: string;
  version: string;
  goal: { event: string; withinMs: number } | null;
  weights: Record<string, number>;
  weightsChanged: boolean;
  arms: {
    id: string; weight: number; exposed: number; shown: number; clicked: number; dismissed: number; converters: number;
    conversionRate: number | null; revenue: number; revenueSumSquares: number; revenuePerUser: number | null;
    dismissReasons: Record<string, number>; dropReasons: Record<string, number>;
  }[];
  conversion: Analysis;
  revenue: Analysis;
}

export interface PopulationOptions {
  users: number;
  seed: number;
  /** The holdout's chance of converting within the window. */
  baseRate: number;
  /** Relative uplift per treatment arm: 0.5 converts 1.5 times as often as the holdout. */
  uplift: Record<string, number>;
  lose?: { arm: string; share: number };
  /** Default: a fresh `planted-<uuid>`, so checks sharing a database do not mix. */
  ruleId?: string;
  /** When the history starts (epoch ms). */
  start?: number;
}

const WEIGHTS = { holdout: 0.2, a: 0.4, b: 0.4 };
const DAY = 86_400_000;

/** Builds the batches (at most 1000 events each) and the exposed users per arm the collector should see. */
export function plantedPopulation(options: PopulationOptions): { ruleId: string; batches: unknown[]; exposed: number[] } {
  const random = createRandom(options.seed);
  const ruleId = options.ruleId ?? `planted-${randomUUID()}`;
  const goal = { event: 'purchase', withinMs: 7 * DAY };
  const start = options.start ?? Date.UTC(2026, 9, 1);
  const events: Record<string, unknown>[] = [];
  const exposed: Record<string, number> = { holdout: 0, a: 0, b: 0 };
  const event = (anonymousId: string, name: string, at: number, properties: Record<string, unknown>) =>
    events.push({ type: 'track', event: name, messageId: randomUUID(), timestamp: new Date(at).toISOString(), anonymousId, properties, context: {} });
  for (let i = 0; i < options.users; i++) {
    const user = `${ruleId}-u${i}`;
    const variant = random.pick(WEIGHTS);
    const at = start + Math.floor(random.next() * 14 * DAY);
    const lost = options.lose?.arm === variant && random.chance(options.lose.share);
    if (!lost) {
      event(user, 'nudge_exposure', at, { ruleId, variant, version: 1, weights: WEIGHTS, goal });
      exposed[variant]!++;
    }
    if (variant !== 'holdout') event(user, 'nudge_shown', at, { ruleId, variant, version: 1 });
    const rate = options.baseRate * (1 + (options.uplift[variant] ?? 0));
    if (random.chance(rate)) event(user, 'purchase', at + 1 + Math.floor(random.next() * (goal.withinMs - 1)), { revenue: 40 });
  }
  const batches = [];
  for (let i = 0; i < events.length; i += 1000) batches.push({ batch: events.slice(i, i + 1000), sentAt: new Date(start + 30 * DAY).toISOString() });
  return { ruleId, batches, exposed: [exposed.holdout!, exposed.a!, exposed.b!] };
}
