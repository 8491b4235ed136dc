/**
 * Profile engine benchmark: the serialised size after 1,000,000 events over two years with 500
 * event names, and the cost of one `apply()` (goal ≤ 1 µs per event), plus `attributes()`.
 * Each figure is the best of three runs. Run with `node bench/run.mjs profile`.
 */
import { createManualClock } from '../src/core/clock';
import { createProfileEngine } from '../src/profile';
import { bgnbd } from '../src/lifecycle/churn-model';
import { TWO_YEARS_MS, buildWorkload } from '../test/profile/workload';
import type { BenchReport } from './report';

export default function run(): BenchReport {
  const count = 1_000_000;
  const buildStart = performance.now();
  const events = buildWorkload(10_000, 500);
  const buildMs = performance.now() - buildStart;
  const step = TWO_YEARS_MS / count;

  function replay(withModel: boolean): { ms: number; bytes: number; attributesUs: number } {
    const clock = createManualClock();
    const start = clock.now();
    // A clock whose time is set by the loop itself, so the measured loop is apply() alone.
    let now = start;
    const fastClock = { now: () => now, setTimeout: clock.setTimeout };
    const engine = createProfileEngine({
      clock: fastClock,
      ...(withModel ? { lifecycle: { churnModel: bgnbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unitDays: 7 }) } } : {}),
    });
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      now = start + Math.floor(i * step);
      engine.apply(events[i % events.length]!);
    }
    const ms = performance.now() - t0;
    const bytes = JSON.stringify(engine.serialize()).length;
    // attributes() as the rule engine calls it, once per event: time advancing by a second each call.
    const calls = 200_000;
    const a0 = performance.now();
    for (let i = 0; i < calls; i++) {
      now += 1000;
      engine.attributes();
    }
    const attributesUs = ((performance.now() - a0) * 1000) / calls;
    return { ms, bytes, attributesUs };
  }

  // The best of three runs each, interleaved: the machine may be shared, and the minimum is the
  // least disturbed run.
  replay(false); // warm-up
  const runs = { plain: [] as ReturnType<typeof replay>[], model: [] as ReturnType<typeof replay>[] };
  for (let i = 0; i < 3; i++) {
    runs.plain.push(replay(false));
    runs.model.push(replay(true));
  }
  const best = (list: ReturnType<typeof replay>[]) => ({
    ms: Math.min(...list.map((r) => r.ms)),
    bytes: list[0]!.bytes,
    attributesUs: Math.min(...list.map((r) => r.attributesUs)),
  });
  const plain = best(runs.plain);
  const model = best(runs.model);
  const perEvent = (plain.ms * 1000) / count;
  return {
    title: 'Profile engine: 1,000,000 events over two years, 500 event names',
    rows: [
      { metric: 'apply() per event', value: perEvent, unit: 'µs', goal: '≤ 1 µs', pass: perEvent <= 1 },
      { metric: 'apply() per event, churn model set', value: (model.ms * 1000) / count, unit: 'µs', goal: '≤ 1 µs', pass: (model.ms * 1000) / count <= 1 },
      { metric: 'serialised profile after 1M events', value: plain.bytes, unit: 'bytes', goal: '< 16 KB', pass: plain.bytes < 16 * 1024 },
      { metric: 'attributes() per call (1 s apart)', value: plain.attributesUs, unit: 'µs' },
      { metric: 'attributes() per call (1 s apart), churn model set', value: model.attributesUs, unit: 'µs' },
    ],
    extra: { events: count, eventNames: 500, buildWorkloadMs: buildMs },
  };
}
