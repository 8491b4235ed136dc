/**
 * The features of one client, set up once, and the points of the flow where the client
 * calls them (see `core/feature.ts`). A client without features pays for this file only.
 */
import { ConfigError, ERROR_CODES } from '../core/errors';
import type { AnalyticsEvent } from '../core/types';
import type { Feature, FeatureHost, FeatureInstance, ReactInput, StageChange } from '../core/feature';

export interface Features {
  /** By name, in the order given. */
  readonly byName: ReadonlyMap<string, FeatureInstance>;
  /** Every store key a feature asked for. */
  readonly storeKeys: readonly string[];
  /** Bytes the features' stamps may add to one event. */
  readonly stampBytes: number;
  /** Whether any feature reads attributes (stamps or reacts): if none, they are never computed. */
  readonly usesAttributes: boolean;
  /** Whether `name` is an event a feature emits (reserved, not activity). */
  isSystemEvent(name: string): boolean;
  restore(saved: Readonly<Record<string, unknown>>): Promise<void>;
  save(): Array<[key: string, value: unknown]>;
  record(event: AnalyticsEvent, name: string, system: boolean): StageChange | undefined;
  stamp(event: AnalyticsEvent, attributes: Record<string, unknown>): number;
  attributes(into: Record<string, unknown>): void;
  react(input: ReactInput): void;
  receive(event: AnalyticsEvent, name: string, system: boolean): StageChange | undefined;
  reset(reason: 'logout' | 'forget'): void;
  destroy(): void;
}

/**
 * Sets up `list` in order. A feature that throws from `setup` (a configuration mistake, as a
 * wrong option) makes `createNudgeKit` throw. After that, every call into a feature is
 * guarded: a feature that throws is reported as `internal_error` with its name and the step,
 * and skipped, so it breaks neither the event, nor the other features, nor `shutdown()`.
 */
export function setupFeatures(list: readonly Feature[], host: FeatureHost): Features {
  const byName = new Map<string, FeatureInstance>();
  const names = new Map<FeatureInstance, string>();
  list.forEach((feature, i) => {
    if (typeof feature !== 'object' || feature === null || typeof feature.name !== 'string' || typeof feature.setup !== 'function') {
      throw new ConfigError(`features[${i}]`, 'expected a feature, e.g. lifecycle() from nudgekit/lifecycle');
    }
    if (byName.has(feature.name)) throw new ConfigError(`features[${i}]`, `a second "${feature.name}" feature; pass each feature once`);
    const instance = feature.setup(host);
    byName.set(feature.name, instance);
    names.set(instance, feature.name);
  });
  const failed = (f: FeatureInstance, step: string, error: unknown): void => {
    const feature = names.get(f);
    host.report(ERROR_CODES.internalError, `the "${feature}" feature failed in ${step}: ${String(error)}`, { feature, step }, error);
  };
  /** Runs one feature's step; a throw is reported and gives `fallback`. */
  const guarded = <T>(f: FeatureInstance, step: string, fallback: T, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      failed(f, step, error);
      return fallback;
    }
  };
  const all = [...byName.values()];
  const system = new Set(all.flatMap((f) => f.systemEvents ?? []));
  const each = <K extends keyof FeatureInstance>(key: K) => all.filter((f) => typeof f[key] === 'function');
  const recorders = each('record');
  const stampers = each('stamp');
  const contributors = each('attributes');
  const reactors = each('react');
  const receivers = each('receive');

  return {
    byName,
    storeKeys: all.flatMap((f) => f.storeKeys ?? []),
    stampBytes: all.reduce((sum, f) => sum + (f.stampBytes ?? 0), 0),
    usesAttributes: stampers.length + reactors.length > 0,
    isSystemEvent: (name) => system.has(name),
    async restore(saved) {
      await Promise.all(
        all.map(async (f) => {
          try {
            await f.restore?.(saved);
          } catch (error) {
            failed(f, 'restore', error);
          }
        }),
      );
    },
    save: () => all.flatMap((f) => guarded(f, 'save', [], () => f.save?.() ?? [])),
    record(event, name, system) {
      let change: StageChange | undefined;
      for (const f of recorders) change = guarded(f, 'record', undefined, () => f.record!(event, name, system)) ?? change;
      return change;
    },
    stamp(event, attributes) {
      let bytes = 0;
      for (const f of stampers) bytes += guarded(f, 'stamp', 0, () => f.stamp!(event, attributes));
      return bytes;
    },
    attributes(into) {
      for (const f of contributors) guarded(f, 'attributes', undefined, () => f.attributes!(into));
    },
    react(input) {
      for (const f of reactors) guarded(f, 'react', undefined, () => f.react!(input));
    },
    receive(event, name, system) {
      let change: StageChange | undefined;
      for (const f of receivers) change = guarded(f, 'receive', undefined, () => f.receive!(event, name, system)) ?? change;
      return change;
    },
    reset: (reason) => all.forEach((f) => guarded(f, 'reset', undefined, () => f.reset?.(reason))),
    destroy: () => all.forEach((f) => guarded(f, 'destroy', undefined, () => f.destroy?.())),
  };
}
