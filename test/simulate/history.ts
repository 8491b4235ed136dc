/**
 * Generated user histories for the simulator's tests and bench: users in turn (the order of
 * the collector's export), each with sessions of page views, item views, carts and purchases
 * separated by gaps from minutes to months, so stages move (silent, churned, resurrected) and
 * inactivity, per-day caps and holdouts all have something to count. Seeded: the same
 * arguments give the same events.
 */
export interface HistoryOptions {
  users: number;
  /** Average events per user. */
  perUser: number;
  seed?: number;
  /** Epoch ms of the earliest first event. */
  start?: number;
}

/** A recorded event as the collector exports it (only the fields the simulator reads). */
export interface RecordedEvent {
  type: 'track' | 'page' | 'identify';
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  anonymousId: string;
  userId: string | null;
  timestamp: string;
  messageId: string;
  context: Record<string, unknown>;
}

const MIN = 60_000;
const DAY = 86_400_000;

/** A small, fast, seeded generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Yields every user's events, user after user, each user's in time order. */
export function* history({ users, perUser, seed = 1, start = Date.UTC(2026, 0, 5) }: HistoryOptions): Generator<RecordedEvent> {
  const rnd = random(seed);
  for (let u = 0; u < users; u++) {
    const anonymousId = `anon-${u}`;
    const userId = rnd() < 0.5 ? `user-${u}` : null;
    const count = Math.max(1, Math.round(perUser * (0.5 + rnd())));
    let at = start + Math.floor(rnd() * 30 * DAY);
    let inSession = 0;
    let n = 0;
    const context = { library: { name: 'nudgekit', version: '0.1.0' } };
    const base = () => ({ anonymousId, userId, timestamp: new Date(at).toISOString(), messageId: `${u}-${n}`, context });
    if (userId !== null) {
      yield { type: 'identify', traits: { plan: rnd() < 0.3 ? 'pro' : 'free' }, ...base() };
      n++;
    }
    while (n < count) {
      if (inSession <= 0) {
        // A gap before the session: mostly hours, sometimes days, now and then weeks or months.
        const r = rnd();
        at += r < 0.6 ? Math.floor(40 * MIN + rnd() * 20 * 60 * MIN) : r < 0.9 ? Math.floor(DAY + rnd() * 10 * DAY) : Math.floor(15 * DAY + rnd() * 70 * DAY);
        inSession = 2 + Math.floor(rnd() * 12);
      } else at += Math.floor(5_000 + rnd() * 3 * MIN);
      inSession--;
      const r = rnd();
      if (r < 0.35) yield { type: 'page', name: 'Home', properties: { path: '/' }, ...base() };
      else if (r < 0.7) yield { type: 'track', event: 'view_item', properties: { sku: `sku-${Math.floor(rnd() * 50)}` }, ...base() };
      else if (r < 0.9) yield { type: 'track', event: 'add_to_cart', properties: { price: Math.floor(5 + rnd() * 150) }, ...base() };
      else yield { type: 'track', event: 'purchase', properties: { revenue: Math.floor(10 + rnd() * 200) }, ...base() };
      n++;
    }
  }
}

export { DAY, MIN };
