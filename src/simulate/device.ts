/**
 * One simulated device: the client's flow of one event (`client/pipeline.ts`) without
 * enrichment, plugins, storage or delivery, around the real features (`lifecycle()` and
 * `targeting()`), on a virtual clock. What the device would do and the simulator mirrors:
 *
 * - a session starts after `sessionTimeoutMs` of quiet or at a new local day (`touchSession`),
 *   announced by a `session_start` event before the event that opened it;
 * - features record the event (the profile), then react to it (the rule engine);
 * - a stage change flows afterwards as its own `stage_change` event;
 * - what a feature tracks (`nudge_shown`, `nudge_held_out`, ...) runs through the same flow,
 *   after the event being processed (the client's work queue), so caps count it;
 * - the nudge is claimed at once (`n.shown()`) and closed after `dwellMs`.
 */
import { createIsoFormatter } from '../core/clock';
import { isSystemEvent, SYSTEM_EVENTS, type AnalyticsEvent, type JsonObject } from '../core/types';
import type { Feature, FeatureHost, FeatureInstance, ReactInput, StageChange } from '../core/feature';
import type { ActiveNudge } from '../nudges/active-nudge';
import { createIdentity } from '../client/identity';
import { touchSession, type SessionState } from '../client/session';
import { createVirtualClock } from './virtual-clock';

/** What a device tells the simulator. */
export interface DeviceListener {
  /**
   * Every event the device processed (recorded or its own), with a way to read the attributes
   * rules see after it (refreshed on the first call, when the rules did not need them).
   */
  processed(event: AnalyticsEvent, name: string, at: number, attributes: () => Record<string, unknown>): void;
  /** A runtime failure inside a feature: a simulation bug or a rule problem worth reporting. */
  failed(message: string): void;
}

/** The settings every device of a replay shares. */
export interface DeviceSettings {
  lifecycle: Feature;
  targeting: Feature;
  sessionTimeoutMs: number;
  dwellMs: number;
  timeZone: string | undefined;
  /** Recorded events before this time run no rule (warm-up). */
  from: number;
  /** Whether the device's own events get their ISO `timestamp` (someone observes them). */
  timestamps: boolean;
  /**
   * Whether the rule engine reads the attributes after this event (of this name, type and
   * properties, with this stage change). When it does not they are not refreshed (about a
   * tenth of a replay), unless the listener asks for them; whoever reads them later (a timer,
   * the dispatcher) refreshes them first.
   */
  reads(name: string, event: AnalyticsEvent, change: StageChange | undefined): boolean;
}

/** A device replaying one user's events, in time order. */
export interface Device {
  /** Replays a recorded event at `at` (epoch ms, not before the previous one). */
  replay(event: AnalyticsEvent, name: string, at: number): void;
  /** Lets the virtual clock run to `at`, firing due timers (inactivity, delays, toasts). */
  runTo(at: number): void;
  /** Stops every timer. */
  close(): void;
}

const NO_PROPERTIES: JsonObject = {};
const LIBRARY = { name: 'nudgekit' as const, version: 'simulate' };

/** Creates a device for the user whose first event is at `start`. */
export function createDevice(settings: DeviceSettings, anonymousId: string, start: number, listener: DeviceListener): Device {
  const clock = createVirtualClock(start);
  const identity = createIdentity();
  identity.restore({ anonymousId }, () => anonymousId);
  const iso = createIsoFormatter();
  // The client's work queue (`client/work-queue.ts`), holding arguments rather than closures:
  // what a feature tracks while an event is processed runs after it, in order, never nested.
  // Flat, four slots an event (event, name, at, direct): no array per queued event.
  const queue: unknown[] = [];
  let running = false;
  const runOne = (event: AnalyticsEvent, name: string, at: number, direct: boolean) => {
    try {
      if (direct) processOne(event, name, at, isSystem(name));
      else process(event, name, at);
    } catch (error) {
      listener.failed(`internal error: ${String(error)}`);
    }
  };
  const push = (event: AnalyticsEvent, name: string, at: number, direct: boolean) => {
    if (running) {
      queue.push(event, name, at, direct);
      return;
    }
    // Nothing is queued when nothing runs: this event goes first, without being queued.
    running = true;
    try {
      runOne(event, name, at, direct);
      for (let i = 0; i < queue.length; i += 4) runOne(queue[i] as AnalyticsEvent, queue[i + 1] as string, queue[i + 2] as number, queue[i + 3] as boolean);
    } finally {
      if (queue.length !== 0) queue.length = 0; // setting the length of an empty list is not free
      running = false;
    }
  };
  const attrs: Record<string, unknown> = {};
  let session: SessionState | undefined;
  // What events carry as `context.session`: one object per session, shared by its events
  // (they are dropped after the replay, or handed to `observe` to read).
  let sessionContext = { id: '', index: 0 };
  let rulesOn = false;
  // The attributes after the event being processed, once refreshed (the listener reads them through `seenAfter`).
  let seenNow: Record<string, unknown> | undefined;
  const seenAfter = () => (seenNow ??= attributes());
  // What react() is handed, one object per device: an event's reaction never nests inside
  // another's (what it tracks waits in the queue), and nothing keeps it.
  const reaction: ReactInput = { event: {} as AnalyticsEvent, name: '', attributes: attrs, stageChange: undefined, system: false };

  const attributes = (): Record<string, unknown> => {
    attrs.userId = identity.userId;
    attrs.anonymousId = identity.anonymousId;
    attrs.traits = identity.traits;
    profile.attributes?.(attrs);
    targeting.attributes?.(attrs);
    return attrs;
  };

  const host: FeatureHost = {
    clock,
    report: (_code, message) => listener.failed(message),
    onError: (error) => listener.failed(error.message),
    timeZone: settings.timeZone,
    track: (event, properties) => {
      const at = clock.now();
      push(ownEvent(event, properties, at), event, at, false);
    },
    // A nudge's answer trait: only when a nudge is clicked, which the simulator never does.
    identify: (traits) => identity.identify(null, traits),
    emit: (type, ...args) => {
      if (type !== 'nudge') return false;
      claim(args[0] as ActiveNudge);
      return true;
    },
    unitId: () => identity.userId ?? identity.anonymousId,
    attributes,
    write: () => Promise.resolve(),
    persist: () => {},
    feature: (name) => (name === 'lifecycle' ? profile : name === 'targeting' ? targeting : undefined),
  };
  const profile: FeatureInstance = settings.lifecycle.setup(host);
  const targeting: FeatureInstance = settings.targeting.setup(host);
  const systemNames = new Set(targeting.systemEvents ?? []);
  const isSystem = (name: string) => isSystemEvent(name) || systemNames.has(name);

  /** As a headless app does: shown at once, closed after `dwellMs` (never, for Infinity). */
  function claim(nudge: ActiveNudge): void {
    nudge.shown();
    const { dwellMs } = settings;
    if (dwellMs <= 0) nudge.dismiss('close');
    else if (Number.isFinite(dwellMs)) clock.setTimeout(() => nudge.dismiss('close'), dwellMs);
  }

  function ownEvent(event: string, properties: JsonObject, at: number): AnalyticsEvent {
    return {
      // Features read time from the clock; the text costs a Date per minute, so only an observer gets it.
      type: 'track', event, properties, messageId: '', timestamp: settings.timestamps ? iso(at) : '', anonymousId: identity.anonymousId, userId: identity.userId,
      context: { library: LIBRARY, session: sessionContext },
    };
  }

  /** `pipeline.ts` process(): the session first, then the event. */
  function process(event: AnalyticsEvent, name: string, at: number): void {
    const system = isSystem(name);
    if (!system || !session) {
      const before = session;
      session = touchSession(before, at, settings.sessionTimeoutMs);
      if (session !== before) {
        sessionContext = { id: session.id, index: session.index };
        const start = SYSTEM_EVENTS.sessionStart;
        processOne(ownEvent(start, { sessionId: session.id, index: session.index }, at), start, at, false);
      }
    }
    processOne(event, name, at, system);
  }

  /** `pipeline.ts` processOne(): record, react, then announce a stage change. */
  function processOne(event: AnalyticsEvent, name: string, at: number, system: boolean): void {
    if (event.type === 'identify') identity.identify(event.userId ?? identity.userId, event.traits);
    if (event.context.session?.id !== session!.id) event.context.session = sessionContext;
    event.anonymousId = identity.anonymousId;
    event.userId = identity.userId;
    const change: StageChange | undefined = profile.record?.(event, name, system) ?? undefined;
    seenNow = rulesOn && settings.reads(name, event, change) ? attributes() : undefined;
    listener.processed(event, name, at, seenAfter);
    if (rulesOn) {
      const seen = seenNow ?? attrs;
      seen.event = name;
      seen.properties = event.type === 'identify' ? event.traits : event.properties ?? NO_PROPERTIES;
      reaction.event = event;
      reaction.name = name;
      reaction.attributes = seen;
      reaction.stageChange = change;
      reaction.system = system;
      targeting.react?.(reaction);
    }
    if (change) {
      const stage = SYSTEM_EVENTS.stageChange;
      push(ownEvent(stage, { from: change.from, to: change.to }, at), stage, at, true);
    }
  }

  return {
    replay(event, name, at) {
      clock.set(at);
      rulesOn = at >= settings.from;
      push(event, name, at, false);
    },
    runTo(at) {
      if (at > clock.now()) clock.set(at);
    },
    close() {
      // The device's rule state goes with it: forgetting it first spares the engine saving it
      // as it stops (a JSON text of the caps and arms per user, 2% of a replay).
      targeting.reset?.('forget');
      targeting.destroy?.();
      profile.destroy?.();
    },
  };
}
