/**
 * `createNudgeKit`: wires storage, profile, lifecycle, rules, nudges and delivery into
 * one client. See docs/architecture.md for the flow of one event.
 */
import { systemClock } from './clock';
import { validateConfig, type NudgeKitConfig } from './config';
import { createEmitter } from './emitter';
import { ERROR_CODES, type NudgeKitError } from './errors';
import { uuid } from './ids';
import { MAX_EVENT_BYTES, redactor, utf8Length } from './normalize';
import { checkIdentify, checkPage, checkTrack, type CheckedInput } from './inputs';
import { adoptSession, DEFAULT_SESSION_TIMEOUT_MS, touchSession, type SessionState } from './session';
import { createEnricher, type PartialEvent } from './enrich';
import { createEventSizer, lifecycleBytes, MAX_LIFECYCLE_BYTES } from './event-size';
import { createReporter } from './reporter';
import { readStoredState } from './stored-state';
import { runPlugins } from './plugins';
import { createTabSync, type TabSync } from './tab-sync';
import { createIdentity } from './identity';
import { createWorkQueue } from './work-queue';
import { createConsentGate } from './consent-gate';
import { ruleSources } from './rule-sources';
import { lateStore } from './late-store';
import { isSystemEvent, SYSTEM_EVENTS, type AnalyticsEvent } from './types';
import type { ClientEvents, ClientStats, EventMap, NudgeKit } from './client-types';
import { STORE_KEYS, type Store } from '../storage/store';
import { memoryStore } from '../storage/memory';
import { migrate, openStore } from '../storage/index';
import { createProfileEngine, type StageChange } from '../profile/index';
import { createRuleEngine, loadRules as fetchRules, type Decision } from '../rules/index';
import { createDispatcher } from '../nudges/index';
import { createDelivery } from '../delivery/index';

/**
 * Creates a NudgeKit client. Throws only for a wrong configuration (a `ConfigError`
 * naming the option); every later failure goes to `onError`.
 *
 * @example
 * ```ts
 * const nk = createNudgeKit({ endpoint: 'https://collect.example.com/v1/batch', writeKey: 'wk_123' });
 * nk.track('add_to_cart', { sku: 'A-1', price: 20 });
 * ```
 */
export function createNudgeKit<Events extends EventMap = EventMap>(config: NudgeKitConfig = {}): NudgeKit<Events> {
  validateConfig(config);
  const clock = config.clock ?? systemClock;
  const sessionTimeoutMs = config.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
  const isRedacted = redactor(config.redact);
  const report = createReporter(config.onError);
  const onError = (error: NudgeKitError) => report(error.code, error.message, { ...error.details }, error.cause);

  const emitter = createEmitter<ClientEvents>((error, type) =>
    report(ERROR_CODES.callbackFailed, `a "${String(type)}" listener threw: ${String(error)}`, { listener: type }, error),
  );
  const counts = { rejected: 0, cancelled: 0 };
  const plugins = config.plugins ?? [];
  const identity = createIdentity();
  const enrich = createEnricher(identity);
  const sizeOf = createEventSizer();
  let store: Store = memoryStore();
  let session: SessionState | undefined;
  let closed = false;
  let persistScheduled = false;

  const profiles = createProfileEngine({
    clock,
    onError,
    ...(config.lifecycle && { lifecycle: config.lifecycle }),
    ...(config.computed && { computed: config.computed }),
    ...(config.profile?.maxEventNames !== undefined && { maxEventNames: config.profile.maxEventNames }),
  });
  const delivery = createDelivery({ store: lateStore(() => store), clock, onError, options: config });
  const dispatcher = createDispatcher({
    clock,
    onError,
    ...(config.renderer && { renderer: config.renderer }),
    track: (name, properties) => submit({ type: 'track', event: name, properties }, clock.now()),
    // A nudge answer ("remind me: yes") is a trait of whoever the user is, anonymous or not,
    // checked and normalised like the traits of identify().
    identify: (traits) => accept(checkIdentify(null, traits, isRedacted, true)),
    emit: (nudge) => {
      emitter.emit('nudge', nudge);
      return emitter.count('nudge') > 0;
    },
  });
  const rules = createRuleEngine({
    clock,
    onError,
    onDecision: decide,
    getAttributes: () => profiles.attributes(),
    unitId: () => identity.userId ?? identity.anonymousId,
    save: (state) => persistKey(STORE_KEYS.caps, state),
    ...(config.timeZone && { timeZone: config.timeZone }),
    ...(config.fatigue && { fatigue: config.fatigue }),
    ...(config.savedGroups && { savedGroups: config.savedGroups }),
  });
  const useServerRules = ruleSources(rules, config.rules, report);

  // Work runs strictly in call order, one event at a time, so events a nudge or a stage
  // change produces are processed after the event that caused them, never inside it.
  const work = createWorkQueue((error) => report(ERROR_CODES.callbackFailed, `internal error: ${String(error)}`, {}, error));
  const consent = createConsentGate(config.requireConsent, work.push, report);
  let tabSync: TabSync | undefined;
  const whenReady = start();

  async function start(): Promise<void> {
    try {
      store = await openStore(config.store, onError);
      await migrate(store, onError);
      const saved = await readStoredState(store, report);
      consent.restore(saved.consent);
      identity.restore(saved, uuid);
      session = saved.session;
      profiles.restore(saved.profile);
      rules.restore(saved.caps);
      if (saved.rules) useServerRules(saved.rules);
      // From here on, what other tabs process is heard: they saved what came before. Opened
      // later (after delivery started), events they published meanwhile were never counted.
      if (store.sharedName !== undefined && !closed) tabSync = createTabSync(store.sharedName, receiveFromTabs, report);
      if (consent.state === 'granted') await begin(identity.isNew);
    } catch (error) {
      report(ERROR_CODES.storageUnavailable, `could not start storage: ${String(error)}`, {}, error);
      if (!identity.anonymousId) identity.restore({}, uuid);
    }
    consent.open();
  }

  /**
   * Events another tab on the same store processed: folded into this tab's profile and
   * session (and caps, from nudge_shown), so that whichever tab saves last saves everything.
   * Rules do not run on them: the tab where the event happened already did.
   */
  function receiveFromTabs(events: AnalyticsEvent[]): void {
    if (closed || consent.state !== 'granted') return;
    work.push(() => {
      for (const event of events) {
        const at = Date.parse(event.timestamp);
        session = adoptSession(session, event.context.session, Number.isFinite(at) ? at : clock.now());
        if (event.type === 'identify') identity.identify(event.userId, event.traits);
        const change = profiles.apply(event);
        if (change) emitter.emit('stageChange', change);
        if (event.type === 'track' && event.event === SYSTEM_EVENTS.nudgeShown) {
          const attributes = profiles.attributes();
          attributes.event = event.event;
          attributes.properties = event.properties;
          rules.handle({ event, attributes });
        }
      }
      schedulePersist();
    });
  }

  /** Consent is granted and the store is open: persist ids and start sending. */
  async function begin(persistIds: boolean): Promise<void> {
    if (persistIds) schedulePersist();
    await delivery.start();
  }

  function resetNow(): void {
    identity.reset(uuid);
    // The next event starts a new session; its index goes on counting this device's sessions.
    if (session) session = { ...session, lastActivityAt: 0 };
    profiles.reset();
    schedulePersist();
  }

  function submit(partial: PartialEvent, at: number): void {
    consent.run(() => process(partial, at));
  }

  function process(partial: PartialEvent, at: number): void {
    const name = partial.type === 'track' ? partial.event : partial.type;
    if (!isSystemEvent(name) || !session) {
      const touched = touchSession(session, at, sessionTimeoutMs);
      session = touched.session;
      if (touched.started) {
        processOne({ type: 'track', event: SYSTEM_EVENTS.sessionStart, properties: { sessionId: session.id, index: session.index } }, at);
      }
    }
    processOne(partial, at);
  }

  function processOne(partial: PartialEvent, at: number): void {
    if (partial.type === 'identify') identity.identify(partial.userId ?? identity.userId, partial.traits);
    const enriched = enrich(partial, at, session!);
    const event = plugins.length > 0 ? runPlugins(plugins, enriched, report) : enriched;
    if (!event) {
      counts.cancelled++;
      return;
    }
    // Sized before the profile sees it, without the lifecycle it gets after: room is kept for
    // the longest stage and tier names, so an event accepted here cannot grow over the limit.
    let bytes = event === enriched ? sizeOf(event, partial.payloadBytes) : utf8Length(JSON.stringify({ ...event, context: { ...event.context, lifecycle: undefined } }));
    if (bytes + MAX_LIFECYCLE_BYTES > MAX_EVENT_BYTES) {
      counts.rejected++;
      const most = bytes + MAX_LIFECYCLE_BYTES;
      report(ERROR_CODES.eventTooLarge, `event "${eventName(event)}" would be up to ${most} bytes serialised; the limit is ${MAX_EVENT_BYTES}. It was not tracked.`, { event: eventName(event), bytes: most });
      return;
    }
    const change = profiles.apply(event);
    const after = profiles.attributes() as Record<string, unknown>;
    const lifecycle = { stage: String(after.stage ?? ''), tier: String(after.tier ?? '') };
    bytes += lifecycleBytes(lifecycle.stage, lifecycle.tier);
    event.context.lifecycle = lifecycle;
    schedulePersist();
    tabSync?.publish(event);
    delivery.enqueue(event, bytes);
    emitter.emit('event', event);
    const name = eventName(event);
    if (!isSystemEvent(name)) rules.activity();
    after.event = name;
    after.properties = event.type === 'identify' ? event.traits : event.properties;
    rules.handle(change ? { event, attributes: after, stageChange: change } : { event, attributes: after });
    if (change) announceStageChange(change, at);
  }

  function announceStageChange(change: StageChange, at: number): void {
    emitter.emit('stageChange', change);
    work.push(() => processOne({ type: 'track', event: SYSTEM_EVENTS.stageChange, properties: { from: change.from, to: change.to } }, at));
  }

  function decide(decision: Decision): void {
    switch (decision.kind) {
      case 'show':
        return dispatcher.offer(decision);
      case 'heldOut':
        return submit({ type: 'track', event: SYSTEM_EVENTS.nudgeHeldOut, properties: { ruleId: decision.rule.id } }, clock.now());
      case 'converted':
        return submit(
          { type: 'track', event: SYSTEM_EVENTS.nudgeConverted, properties: { ruleId: decision.ruleId, goalEvent: decision.goalEvent, shownAt: new Date(decision.shownAt).toISOString() } },
          clock.now(),
        );
    }
  }

  function schedulePersist(): void {
    if (persistScheduled || consent.state !== 'granted') return;
    persistScheduled = true;
    // One write per tick, whatever the number of events in it.
    Promise.resolve().then(persistNow);
  }

  async function persistNow(): Promise<void> {
    persistScheduled = false;
    await Promise.all([
      persistKey(STORE_KEYS.profile, profiles.serialize()),
      persistKey(STORE_KEYS.session, session),
      ...identity.dirtyEntries().map(([key, value]) => persistKey(key, value)),
    ]);
  }

  async function persistKey(key: string, value: unknown): Promise<void> {
    if (consent.state !== 'granted') return;
    try {
      if (value === undefined) await store.delete(key);
      else await store.set(key, value);
    } catch (error) {
      report(ERROR_CODES.storageUnavailable, `could not save "${key}": ${String(error)}`, { key }, error);
    }
  }

  function guard(method: string, fn: () => void): void {
    if (closed) return report(ERROR_CODES.shutDown, `${method}() called after shutdown(); ignored`);
    try {
      fn();
    } catch (error) {
      report(ERROR_CODES.callbackFailed, `${method}() failed: ${String(error)}`, {}, error);
    }
  }

  /** Reports what checking the input found, then submits it, or counts it as rejected. */
  function accept(checked: CheckedInput): void {
    for (const r of checked.reports) report(r.code, r.message, r.details);
    if (!checked.partial) {
      counts.rejected++;
      return;
    }
    submit(checked.partial, clock.now());
  }

  const client: NudgeKit<Events> = {
    track: (event, properties) => guard('track', () => accept(checkTrack(event, properties, isRedacted))),
    identify: (userId, traits) => guard('identify', () => accept(checkIdentify(userId, traits, isRedacted))),
    page: (name, properties) => guard('page', () => accept(checkPage(name, properties, isRedacted))),
    reset: () => guard('reset', () => consent.run(resetNow, false)),
    async flush() {
      await whenReady;
      await work.idle();
      if (consent.state === 'granted') await delivery.flush();
    },
    async shutdown() {
      if (closed) return;
      closed = true;
      await whenReady;
      await work.idle();
      await persistNow();
      tabSync?.close();
      rules.destroy();
      dispatcher.destroy();
      await delivery.shutdown();
      emitter.clear();
      // A Store instance passed in config belongs to the caller, who may hand it to the next client.
      const ownStore = typeof config.store !== 'object' || config.store === null;
      if (ownStore) await store.close().catch(() => undefined);
    },
    on: (type, handler) => emitter.on(type, handler),
    off: (type, handler) => emitter.off(type, handler),
    profile: () => profiles.current(),
    currentNudge: () => dispatcher.current(),
    user: () => ({ anonymousId: identity.anonymousId, userId: identity.userId, traits: { ...identity.traits } }),
    setConsent(state) {
      guard('setConsent', () => {
        if (state !== 'granted' && state !== 'denied') {
          return report(ERROR_CODES.invalidArgument, `setConsent(): expected 'granted' or 'denied', got ${String(state)}`);
        }
        const previous = consent.set(state);
        const saveChoice = () => store.set(STORE_KEYS.consent, state).catch((error: unknown) => report(ERROR_CODES.storageUnavailable, 'could not save the consent choice', {}, error));
        if (state === 'denied') {
          void whenReady.then(async () => {
            await saveChoice();
            await delivery.purge();
          });
        } else if (previous !== 'granted') {
          void whenReady.then(async () => {
            await saveChoice();
            await begin(true);
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
        await store.clear();
      } catch (error) {
        report(ERROR_CODES.storageUnavailable, 'forget(): could not clear storage', {}, error);
      }
      identity.reset(uuid);
      session = undefined;
      profiles.reset();
      rules.restore(undefined);
      if (config.requireConsent) consent.set('unknown');
      schedulePersist();
    },
    stats(): ClientStats {
      const s = delivery.stats();
      return { ...s, dropped: s.dropped + counts.rejected + consent.dropped, rejected: counts.rejected, consentDropped: consent.dropped, cancelled: counts.cancelled };
    },
    async loadRules(source, options) {
      const result = await fetchRules(source, options);
      // Applied and saved once the store is open: before, start() would replace them with the
      // cached copy, and the save would go to the stand-in memory store.
      await whenReady;
      if (result.ok) {
        useServerRules(result.rules);
        if (result.source !== 'cache') await persistKey(STORE_KEYS.rules, { rules: result.rules, version: result.version ?? null, at: clock.now() });
      }
      // Also when rules came from the cache: the network error behind that is worth knowing.
      if (result.error) onError(result.error);
      for (const issue of result.issues) report(ERROR_CODES.invalidRule, `${issue.path}: ${issue.message}`, { path: issue.path });
      return result;
    },
    ready: () => whenReady,
  };
  return client;
}

function eventName(event: AnalyticsEvent): string {
  return event.type === 'track' ? event.event : event.type;
}
