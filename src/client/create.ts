/**
 * `createNudgeKit`: the composition root. It builds the client's parts (tracking, identity,
 * session, consent, plugins, the persisted queue and delivery), sets up the features it is
 * given, and returns the facade. The flow of one event is in `pipeline.ts`, start-up in
 * `start.ts`, the public methods in `facade.ts`.
 */
import { systemClock } from '../core/clock';
import { createEmitter } from '../core/emitter';
import { ERROR_CODES, type NudgeKitError } from '../core/errors';
import { createReporter } from '../core/reporter';
import type { FeatureHost } from '../core/feature';
import { memoryStore } from '../storage/memory';
import { createDeliveryShell } from '../delivery/shell';
import { createLifeboat } from '../delivery/lifeboat';
import { keepHeldOnExit, rekeyEarly } from './early-exit';
import type { ClientEvents, EventMap, NudgeKit } from './client-types';
import { validateConfig, type NudgeKitConfig } from './config';
import { createConsentGate } from './consent-gate';
import { createFacade } from './facade';
import { setupFeatures } from './features';
import { createIdentity } from './identity';
import { checkIdentify } from './inputs';
import { lateStore } from './late-store';
import { normalizeObject, redactor } from './normalize';
import { createPersistence } from './persistence';
import { createPipeline } from './pipeline';
import type { Runtime } from './runtime';
import { start } from './start';
import { createWorkQueue } from './work-queue';

/**
 * Creates a NudgeKit client. Throws only for a wrong configuration (a `ConfigError`
 * naming the option); every later failure goes to `onError`.
 *
 * Tracking, identity, sessions, consent, plugins, the persisted queue and delivery are the
 * client. Everything else is a feature passed in `features`, imported from its own entry,
 * so a page carries only the code of the features it uses.
 *
 * @example
 * ```ts
 * import { createNudgeKit } from 'nudgekit';
 * import { lifecycle } from 'nudgekit/lifecycle';
 *
 * const nk = createNudgeKit({
 *   endpoint: 'https://collect.example.com/v1/batch',
 *   writeKey: 'wk_123',
 *   features: [lifecycle({ conversionEvents: ['purchase'], revenueProperty: 'revenue' })],
 * });
 * nk.track('add_to_cart', { sku: 'A-1', price: 20 });
 * ```
 */
export function createNudgeKit<Events extends EventMap = EventMap>(config: NudgeKitConfig = {}): NudgeKit<Events> {
  validateConfig(config);
  const clock = config.clock ?? systemClock;
  const report = createReporter(config.onError);
  const onError = (error: NudgeKitError) => report(error.code, error.message, { ...error.details }, error.cause);
  const emitter = createEmitter<ClientEvents>((error, type) =>
    report(ERROR_CODES.callbackFailed, `a "${String(type)}" listener threw: ${String(error)}`, { listener: type }, error),
  );
  // The lifeboat's key follows the store's name: two apps on one origin keep theirs apart.
  const chosen = config.store;
  const lifeboat = createLifeboat(typeof chosen === 'object' ? chosen.sharedName : chosen === 'memory' ? undefined : 'nudgekit', report);
  const work = createWorkQueue((error) => report(ERROR_CODES.internalError, `internal error: ${String(error)}`, {}, error));
  const rt: Runtime = {
    config,
    clock,
    report,
    onError,
    emitter,
    identity: createIdentity(),
    work,
    consent: createConsentGate(config.requireConsent, work.push, report, config.queue?.maxEvents ?? 10_000, (n) => rt.delivery.countDropped(n)),
    delivery: createDeliveryShell({ store: lateStore(() => rt.store), clock, onError, options: config, lifeboat, rekey: (events) => rekey(events) }),
    features: undefined as never,
    store: memoryStore(),
    session: undefined,
    tabSync: undefined,
    closed: false,
    counts: { rejected: 0, cancelled: 0 },
    persist: () => persistence.schedule(),
  };
  const isRedacted = redactor(config.redact);
  const pipeline = createPipeline(rt);
  const persistence = createPersistence(rt);
  const rekey = rekeyEarly(rt, pipeline);
  keepHeldOnExit(rt, pipeline, lifeboat);
  const host: FeatureHost = {
    clock,
    report,
    onError,
    timeZone: config.timeZone,
    // A feature's event goes through the app's `redact` rules like any other (a survey's free text).
    track: (event, properties) => rt.closed || pipeline.submit({ type: 'track', event, properties: isRedacted ? normalizeObject(properties, [], isRedacted) : properties }),
    // A nudge answer ("remind me: yes") is a trait of whoever the user is, anonymous or not.
    identify: (traits) => rt.closed || pipeline.accept(checkIdentify(null, traits, isRedacted, true)),
    emit: (type, ...args) => {
      (emitter.emit as (type: string, ...args: unknown[]) => void)(type, ...args);
      return emitter.count(type) > 0;
    },
    unitId: () => rt.identity.userId ?? rt.identity.anonymousId,
    attributes: () => pipeline.attributes(),
    write: (key, value) => persistence.write(key, value),
    persist: () => persistence.schedule(),
    feature: (name) => rt.features.byName.get(name),
  };
  rt.features = setupFeatures(config.features ?? [], host);
  return createFacade<Events>(rt, pipeline, persistence, start(rt, pipeline), isRedacted);
}
