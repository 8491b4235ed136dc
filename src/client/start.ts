/**
 * Start-up: load the storage and sending code (chunks of their own, see docs/architecture.md),
 * open the store, bring its layout up to date, restore the ids, the session,
 * consent and every feature's state, listen to the other tabs, then start delivery.
 * Calls made meanwhile are held in order by the consent gate and run once this is done.
 */
import { ERROR_CODES } from '../core/errors';
import { uuid } from '../core/ids';
import { loadPart } from '../core/load-part';
import type { StoredState } from './stored-state';
import { createTabSync } from './tab-sync';
import type { Pipeline } from './pipeline';
import type { Runtime } from './runtime';

const NOTHING_STORED: StoredState = { anonymousId: undefined, userId: undefined, traits: undefined, session: undefined, consent: undefined, features: {} };

/** Resolves when the store is open and stored state is restored; never rejects. */
export async function start(rt: Runtime, pipeline: Pipeline): Promise<void> {
  try {
    // Both parts load at once; delivery waits for its own when it starts (after consent).
    rt.delivery.preload();
    const durable = await loadPart(() => import('./durable'), 'storage', rt.report, 'events are kept in memory for this page');
    // Without it the store stays the empty memory store the client began with: nothing to read.
    const saved = durable ? await durable.openAndRead(rt) : NOTHING_STORED;
    rt.consent.restore(saved.consent);
    rt.identity.restore(saved, uuid);
    rt.session = saved.session;
    await rt.features.restore(saved.features);
    // From here on, what other tabs process is heard: they saved what came before. Opened
    // later (after delivery started), events they published meanwhile were never counted.
    if (rt.store.sharedName !== undefined && !rt.closed) rt.tabSync = createTabSync(rt.store.sharedName, pipeline.receive, rt.report);
    if (rt.consent.state === 'granted') await begin(rt, rt.identity.isNew);
  } catch (error) {
    rt.report(ERROR_CODES.storageUnavailable, `could not start storage: ${String(error)}`, {}, error);
    if (!rt.identity.anonymousId) rt.identity.restore({}, uuid);
  }
  rt.consent.open();
}

/** Consent is granted and the store is open: persist ids and start sending. */
export async function begin(rt: Runtime, persistIds: boolean): Promise<void> {
  if (persistIds) rt.persist();
  await rt.delivery.start();
}
