/**
 * A synthetic history, shared by the size test and the benchmark: a pool of `count` events
 * (the replay cycles through it, spreading 1,000,000 events evenly over 730 days), names drawn
 * from `names` distinct names (skewed: a few are frequent), 1% purchases with revenue, a session
 * start every 50 events, a nudge every 200 events over 20 rules, an identify every 1000.
 * A pool rather than a million distinct objects: an app hands the profile an event it has just
 * built (in cache), and a million pre-built objects would measure memory latency instead.
 */
import type { AnalyticsEvent, TrackEvent } from '../../src/core/types';

export const TWO_YEARS_MS = 730 * 86_400_000;

/** A small deterministic PRNG (mulberry32), so every run replays the same history. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pre-built events (built once, so measuring `apply` measures only `apply`). */
export function buildWorkload(count: number, names = 500, seed = 7): AnalyticsEvent[] {
  const next = random(seed);
  const context = { library: { name: 'nudgekit' as const, version: '0.0.0' }, session: { id: 's', index: 1 } };
  const eventNames = Array.from({ length: names }, (_, i) => `event_${i}`);
  const out: AnalyticsEvent[] = new Array(count);
  let sessions = 0;
  for (let i = 0; i < count; i++) {
    let event: AnalyticsEvent;
    if (i % 1000 === 500) {
      const traits = { plan: i % 2000 === 500 ? 'pro' : 'free', visits: i };
      event = { messageId: `m${i}`, timestamp: '2026-01-01T00:00:00.000Z', anonymousId: 'a', userId: 'user-1', context, type: 'identify', traits };
    }
    else if (i % 200 === 199) event = track('nudge_shown', { ruleId: `rule_${Math.floor(i / 200) % 20}` });
    else if (i % 100 === 42) event = track('purchase', { revenue: Math.round(next() * 10_000) / 100, currency: 'EUR' });
    else if (i % 50 === 0) event = track('session_start', { sessionId: `s${++sessions}`, index: sessions });
    else {
      // Skewed: squaring the uniform draw makes low-numbered names more frequent, all 500 appear.
      const u = next();
      event = track(eventNames[Math.floor(u * u * names)]!, { value: i % 7 });
    }
    out[i] = event;
  }
  return out;

  // Literal objects of one shape, as the client's normaliser builds them (object spread here gave
  // V8 dozens of hidden classes and made the benchmark measure megamorphic property loads).
  function track(name: string, properties: TrackEvent['properties']): TrackEvent {
    return { messageId: 'm', timestamp: '2026-01-01T00:00:00.000Z', anonymousId: 'a', userId: null, context, type: 'track', event: name, properties };
  }
}
