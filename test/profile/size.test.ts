import { bgnbd } from '../../src/lifecycle/churn-model';
import { expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock';
import { createProfileEngine } from '../../src/profile';
import { TWO_YEARS_MS, buildWorkload } from './workload';

it('a profile after 1,000,000 events over two years with 500 event names stays under 16 KB serialised', () => {
  const count = 1_000_000;
  const events = buildWorkload(10_000, 500);
  const clock = createManualClock();
  const errors: unknown[] = [];
  const engine = createProfileEngine({
    clock,
    onError: (e) => errors.push(e),
    timeZoneOffset: () => 60,
    lifecycle: { churnModel: bgnbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unitDays: 7 }), rfm: { monetary: [10, 50, 200, 1000] } },
    computed: { spent: { on: 'purchase', reduce: (v, e) => (v as number) + (e.type === 'track' ? Number(e.properties.revenue) : 0), initial: 0 } },
  });
  const step = TWO_YEARS_MS / count;
  const start = clock.now();
  for (let i = 0; i < count; i++) {
    clock.set(start + Math.floor(i * step));
    engine.apply(events[i % events.length]!);
  }
  const json = JSON.stringify(engine.serialize());
  const profile = engine.current();
  expect(errors).toEqual([]);
  expect(json.length).toBeLessThan(16 * 1024);
  // The bounded parts are full, so the bound is the real one, not an empty profile.
  expect(Object.keys(profile.events)).toHaveLength(200);
  expect(profile.activeDays).toMatchObject({ last7: 7, last30: 30, last90: 90 });
  expect(profile.activeDays.total).toBeGreaterThanOrEqual(730);
  expect(profile.conversions.count).toBe(10_000);
  expect(profile.conversions.count365).toBeGreaterThan(4900);
  expect(Object.keys(profile.nudges)).toHaveLength(20);
  console.log(`profile after ${count.toLocaleString('en-US')} events: ${json.length} characters serialised`);
}, 120_000);
