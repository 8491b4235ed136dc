/**
 * The state one client shares between its parts (start-up, the pipeline, saving, the
 * facade), so each part is a file of its own and none reaches into another's closure.
 */
import type { Clock } from '../core/clock';
import type { Emitter } from '../core/emitter';
import type { ErrorHandler } from '../core/errors';
import type { Report } from '../core/reporter';
import type { Store } from '../storage/store';
import type { DeliveryShell } from '../delivery/shell';
import type { ClientEvents } from './client-types';
import type { NudgeKitConfig } from './config';
import type { ConsentGate } from './consent-gate';
import type { Features } from './features';
import type { Identity } from './identity';
import type { SessionState } from './session';
import type { TabSync } from './tab-sync';
import type { WorkQueue } from './work-queue';

export interface Runtime {
  readonly config: NudgeKitConfig;
  readonly clock: Clock;
  readonly report: Report;
  readonly onError: ErrorHandler;
  readonly emitter: Emitter<ClientEvents>;
  readonly identity: Identity;
  readonly work: WorkQueue;
  readonly consent: ConsentGate;
  readonly delivery: DeliveryShell;
  /** Set once, right after the other parts exist (features get a host that uses them). */
  features: Features;
  /** A memory store until the real one is open. */
  store: Store;
  session: SessionState | undefined;
  tabSync: TabSync | undefined;
  /** After `shutdown()`. */
  closed: boolean;
  /** Of `stats()`: calls rejected before queueing, and events plugins cancelled. */
  readonly counts: { rejected: number; cancelled: number };
  /** Asks for the ids, the session and the features' state to be saved at the end of the tick. */
  persist(): void;
}
