/**
 * The public methods of a client. Each one is guarded: after `shutdown()` it is ignored
 * (and reported), and nothing it does can throw into the host app.
 */
import { ERROR_CODES } from '../core/errors';
import { uuid } from '../core/ids';
import type { FeatureInstance } from '../core/feature';
import type { Profile } from '../profile/types';
import type { ActiveNudge } from '../nudges/active-nudge';
import { STORE_KEYS } from '../storage/store';
import type { ClientStats, EventMap, NudgeKit } from './client-types';
import { checkIdentify, checkPage, checkTrack, type Redactor } from './inputs';
import type { Persistence } from './persistence';
import type { Pipeline } from './pipeline';
import type { Runtime } from './runtime';
import { begin } from './start';

/**
 * The key under which a client holds its features, for the functions of feature entries
 * that act on a client (`loadRules(nk, ...)`). A registered symbol, so that an add-on
 * script built apart from the core script finds them too.
 */
export const FEATURES_KEY: unique symbol = Symbol.for('nudgekit.features') as never;

/** What the lifecycle and targeting features add to the facade, looked up by name. */
interface Extras extends FeatureInstance {
  profile?(): Profile;
  current?(): ActiveNudge | undefined;
}

export function createFacade<Events extends EventMap>(rt: Runtime, pipeline: Pipeline, persistence: Persistence, whenReady: Promise<void>, isRedacted: Redactor): NudgeKit<Events> {
  const { report, consent, delivery, identity, emitter, work, counts } = rt;
  const extra = (name: string) => rt.features.byName.get(name) as Extras | undefined;

  function guard(method: string, fn: () => void): void {
    if (rt.closed) return report(ERROR_CODES.shutDown, `${method}() called after shutdown(); ignored`);
    try {
      fn();
    } catch (error) {
      report(ERROR_CODES.internalError, `${method}() failed: ${String(error)}`, {}, error);
    }
  }

  function resetNow(): void {
    identity.reset(uuid);
    // The next event starts a new session; its index goes on counting this device's sessions.
    if (rt.session) rt.session = { ...rt.session, lastActivityAt: 0 };
    rt.features.reset('logout');
    persistence.schedule();
  }

  const client: NudgeKit<Events> = {
    track: (event, properties) => guard('track', () => pipeline.accept(checkTrack(event, properties, isRedacted, rt.features.isSystemEvent))),
    identify: (userId, traits) => guard('identify', () => pipeline.accept(checkIdentify(userId, traits, isRedacted))),
    page: (name, properties) => guard('page', () => pipeline.accept(checkPage(name, properties, isRedacted))),
    reset: () => guard('reset', () => consent.run(resetNow, false)),
    async flush() {
      await whenReady;
      await work.idle();
      if (consent.state === 'granted') await delivery.flush();
    },
    async shutdown() {
      if (rt.closed) return;
      rt.closed = true;
      await whenReady;
      await work.idle();
      await persistence.now();
      rt.tabSync?.close();
      rt.features.destroy();
      await delivery.shutdown();
      emitter.clear();
      // A Store instance passed in config belongs to the caller, who may hand it to the next client.
      const ownStore = typeof rt.config.store !== 'object' || rt.config.store === null;
      if (ownStore) await rt.store.close().catch(() => undefined);
    },
    on: (type, handler) => emitter.on(type, handler),
    off: (type, handler) => emitter.off(type, handler),
    profile: () => extra('lifecycle')?.profile?.(),
    currentNudge: () => extra('targeting')?.current?.(),
    user: () => ({ anonymousId: identity.anonymousId, userId: identity.userId, traits: { ...identity.traits } }),
    setConsent(state) {
      guard('setConsent', () => {
        if (state !== 'granted' && state !== 'denied') {
          return report(ERROR_CODES.invalidArgument, `setConsent(): expected 'granted' or 'denied', got ${String(state)}`);
        }
        const previous = consent.set(state);
        const saveChoice = () => rt.store.set(STORE_KEYS.consent, state).catch((error: unknown) => report(ERROR_CODES.storageUnavailable, 'could not save the consent choice', {}, error));
        if (state === 'denied') {
          void whenReady.then(async () => {
            await saveChoice();
            await delivery.purge();
          });
        } else if (previous !== 'granted') {
          void whenReady.then(async () => {
            await saveChoice();
            await begin(rt, true);
            consent.open();
          });
        }
      });
    },
    async forget() {
      await whenReady;
      await work.idle();
      await delivery.purge();
      try {
        await rt.store.clear();
      } catch (error) {
        report(ERROR_CODES.storageUnavailable, 'forget(): could not clear storage', {}, error);
      }
      identity.reset(uuid);
      rt.session = undefined;
      rt.features.reset('forget');
      if (rt.config.requireConsent) consent.set('unknown');
      persistence.schedule();
    },
    stats(): ClientStats {
      const s = delivery.stats();
      return { ...s, dropped: s.dropped + counts.rejected + consent.dropped + consent.heldDropped, rejected: counts.rejected, consentDropped: consent.dropped, heldDropped: consent.heldDropped, cancelled: counts.cancelled };
    },
    ready: () => whenReady,
  };
  Object.defineProperty(client, FEATURES_KEY, { value: { features: () => rt.features.byName, ready: whenReady } });
  return client;
}
