import type { Clock } from '../core/clock';
import { reportTo, type ErrorHandler } from '../core/errors';
import { isObjectLike } from '../storage/record';
import { STORE_KEYS, type Store } from '../storage/store';
import { asStorageError } from './queue';

/** How this tab decides whether it is the one that sends. */
export type LeadershipMode = 'solo' | 'locks' | 'lease';

/** Exactly one sending tab per store. */
export interface Leadership {
  /** Known once `start()` ran (`'solo'` before). */
  readonly mode: LeadershipMode;
  /** Starts competing; `onChange(true)` fires when this tab becomes the leader. */
  start(): void;
  isLeader(): boolean;
  /** Resolves once the first election after `start()` is decided (at once for `solo` and `locks`). */
  settled(): Promise<void>;
  /**
   * Lets go of the lock or lease for now (the page goes into the back/forward cache: Chromium
   * does not cache a page that holds a Web Lock). `start()` competes again.
   */
  pause(): Promise<void>;
  /** Gives up leadership (and the lock or lease) for good. */
  stop(): Promise<void>;
}

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
 *   third of its length. Read-then-write is not atomic across tabs, so after writing we read back;
 *   two tabs can still both believe they lead for one renewal period, and the per-record leases in
 *   `delivery.ts` keep them from sending the same records.
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
    const free = !isLease(lease) || lease.owner === tabId || lease.until <= now;
    if (free) {
      await store.set(STORE_KEYS.lease, { owner: tabId, until: now + leaseMs } satisfies Lease);
      const check = await store.get<Lease>(STORE_KEYS.lease);
      become(isLease(check) && check.owner === tabId);
    } else {
      become(false);
    }
  }

  function runLease(): Promise<void> {
    return leaseTick().catch((error: unknown) => {
      // Without a readable lease we cannot know who leads; stepping down risks nothing but delay.
      become(false);
      reportTo(onError, asStorageError(error, 'renew the delivery lease'));
    });
  }

  function scheduleLease(delay: number): void {
    if (stopped || !competing) return;
    cancelTick = clock.setTimeout(() => void runLease().finally(() => scheduleLease(Math.floor(leaseMs / 3))), delay);
  }

  // The first lease decision, so that a flush() right after start() (a Node script that
  // tracks and exits) waits to know whether this instance sends, instead of sending nothing.
  let firstDecision: Promise<void> = Promise.resolve();

  async function letGo(): Promise<void> {
    const wasLeader = leader;
    become(false);
    competing = false;
    cancelTick?.();
    cancelTick = undefined;
    abort?.abort();
    abort = undefined;
    release?.();
    release = undefined;
    if (mode === 'lease' && wasLeader) {
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
        firstDecision = runLease().finally(() => scheduleLease(Math.floor(leaseMs / 3)));
        return;
      }
      const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
      abort = controller;
      const options = controller ? { signal: controller.signal } : {};
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
    isLeader: () => leader && !stopped,
    settled: () => firstDecision,
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
  return isObjectLike(value) && typeof value.owner === 'string' && typeof value.until === 'number';
}
