import type { Clock } from '../core/clock';
import { reportTo, type ErrorHandler } from '../core/errors';
import { isRecord } from '../core/option-checks';
import { STORE_KEYS, type Store } from '../storage/store';
import { leaseHolds } from './lease-time';
import { asStorageError } from './storage-error';

/** How this tab decides whether it is the one that sends. */
export type LeadershipMode = 'solo' | 'locks' | 'lease';

/** Exactly one sending tab per store. */
export interface Leadership {
  /** Known once `start()` ran (`'solo'` before). */
  readonly mode: LeadershipMode;
  /** Starts competing; `onChange(true)` fires when this tab becomes the leader. */
  start(): void;
  isLeader(): boolean;
  /** Resolves once the lease check under way is decided (at once for `solo` and `locks`). */
  settled(): Promise<void>;
  /**
   * Lets go of the lock or lease for now (the page goes into the back/forward cache: Chromium
   * does not cache a page that holds a Web Lock). `start()` competes again.
   */
  pause(): Promise<void>;
  /** Gives up leadership (and the lock or lease) for good. */
  stop(): Promise<void>;
}

/** How long a tab that wrote a free lease waits before reading back who got it (ms). */
const CLAIM_WAIT_MS = 100;

/** The stored lease of the fallback mode. */
interface Lease {
  owner: string;
  until: number;
}

interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

/**
 * Elects the sending tab.
 * - `solo`: the store is not shared between tabs (memory store, Node): this instance always sends.
 * - `locks`: Web Locks. The holder of the lock sends; the others wait in the lock's queue and take
 *   over the moment the holder closes (the browser releases a dead tab's lock).
 * - `lease`: no Web Locks. A lease `{ owner, until }` in the store's key-value area, renewed every
 *   third of its length. Read-then-write is not atomic across tabs: a tab that takes a free lease
 *   waits {@link CLAIM_WAIT_MS} before reading it back, so two tabs that found it free at once
 *   agree on the later writer (this assumes neither stalls longer than that between its read and
 *   its write). A leader that misses a renewal stops sending while a third of its lease is left,
 *   so it never overlaps with the tab that takes over once the lease has run out.
 *
 * @example
 * ```ts
 * const leadership = createLeadership({ store, clock, tabId, onError, onChange: (lead) => lead && drain() });
 * leadership.start();
 * ```
 */
export function createLeadership(deps: {
  store: Store;
  clock: Clock;
  tabId: string;
  onError: ErrorHandler;
  onChange: (leader: boolean) => void;
  lockName?: string | undefined;
  leaseMs?: number;
}): Leadership {
  const { store, clock, tabId, onError } = deps;
  const leaseMs = deps.leaseMs ?? 10_000;
  let locks: LockManagerLike | undefined;
  // Decided in start(), not here: the client hands over a store whose real adapter (and `kind`)
  // is only known once it has opened.
  let mode: LeadershipMode = 'solo';
  let leader = false;
  let stopped = false;
  let competing = false;
  let release: (() => void) | undefined;
  let abort: AbortController | undefined;
  let cancelTick: (() => void) | undefined;
  // The lease tick under way, and when the lease this tab last wrote runs out.
  let ticking: Promise<void> = Promise.resolve();
  let heldUntil = 0;

  function become(value: boolean): void {
    if (value === leader || stopped) return;
    leader = value;
    try {
      deps.onChange(value);
    } catch {
      // onChange is ours and does not throw; this only guards the election against a bug there.
    }
  }

  async function leaseTick(): Promise<void> {
    const now = clock.now();
    const lease = await store.get<Lease>(STORE_KEYS.lease);
    // A lease ending further ahead than a whole lease from now was written by a clock that ran
    // ahead: it counts as free (see lease-time.ts), or that clock would stop delivery for hours.
    if (!isLease(lease) || lease.owner === tabId || !leaseHolds(lease.until, now, leaseMs)) {
      await store.set(STORE_KEYS.lease, { owner: tabId, until: now + leaseMs } satisfies Lease);
      // Another tab that found the lease free too may be about to write its own. Let that write
      // land before reading back, so both read the same winner (Fischer's algorithm). Real time,
      // not the clock's: it waits for another tab's code to run. (A renewal waits too: harmless.)
      await new Promise((resolve) => setTimeout(resolve, CLAIM_WAIT_MS));
      const check = await store.get<Lease>(STORE_KEYS.lease);
      const mine = isLease(check) && check.owner === tabId;
      // Stop sending once a renewal is missed (a throttled timer), well before another tab may take over.
      if (mine) heldUntil = check.until - leaseMs / 3;
      // pause() may have run while this tick was reading: it must not make the tab lead again.
      become(mine && competing);
    } else {
      become(false);
    }
  }

  function runLease(): Promise<void> {
    return (ticking = leaseTick().catch((error: unknown) => {
      // Without a readable lease we cannot know who leads; stepping down risks nothing but delay.
      become(false);
      reportTo(onError, asStorageError(error, 'renew the delivery lease'));
    }));
  }

  function scheduleLease(delay: number): void {
    if (stopped || !competing) return;
    cancelTick = clock.setTimeout(() => void runLease().finally(() => scheduleLease(Math.floor(leaseMs / 3))), delay);
  }


  async function letGo(): Promise<void> {
    competing = false;
    become(false);
    cancelTick?.();
    cancelTick = undefined;
    abort?.abort();
    abort = undefined;
    release?.();
    release = undefined;
    if (mode === 'lease') {
      // A tick still under way may write the lease after this: let it land, then take it back.
      await ticking;
      const lease = await store.get<Lease>(STORE_KEYS.lease).catch(() => undefined);
      if (isLease(lease) && lease.owner === tabId) await store.delete(STORE_KEYS.lease).catch(() => undefined);
    }
  }

  return {
    get mode() {
      return mode;
    },
    start() {
      if (stopped || competing) return;
      competing = true;
      locks = findLocks();
      mode = store.kind === 'memory' ? 'solo' : locks ? 'locks' : 'lease';
      if (mode === 'solo') return become(true);
      if (mode === 'lease') {
        void runLease().finally(() => scheduleLease(Math.floor(leaseMs / 3)));
        return;
      }
      // Every browser with Web Locks has AbortController.
      const controller = new AbortController();
      abort = controller;
      const options = { signal: controller.signal };
      locks!
        .request(deps.lockName ?? 'nudgekit-delivery', options, () => {
          // Granted after pause()/stop() withdrew the request (a race the abort lost): hand it straight back.
          if (stopped || abort !== controller) return Promise.resolve();
          become(true);
          return new Promise<void>((resolve) => (release = resolve));
        })
        // AbortError when pause()/stop() withdraws a request still waiting in line: expected.
        .catch(() => undefined);
    },
    isLeader: () => leader && !stopped && (mode !== 'lease' || clock.now() < heldUntil),
    // The lease tick under way: a flush() right after start() (a Node script that tracks and
    // exits) waits to know whether this instance sends, instead of sending nothing.
    settled: () => ticking,
    pause: letGo,
    async stop() {
      await letGo();
      stopped = true;
    },
  };
}
function findLocks(): LockManagerLike | undefined {
  const nav = typeof navigator === 'undefined' ? undefined : (navigator as { locks?: LockManagerLike });
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : undefined;
}

function isLease(value: unknown): value is Lease {
  return isRecord(value) && typeof value.owner === 'string' && typeof value.until === 'number';
}
