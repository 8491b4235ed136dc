/**
 * The flow of one event, top to bottom (docs/architecture.md, steps 1 to 7):
 *
 * 1. the public call's input was checked and normalised (`inputs.ts`), or a feature asked;
 * 2. the session is touched: a new one is announced by a `session_start` event first;
 * 3. the event is enriched, the plugins run, its size is checked;
 * 4. features record it (the profile), and stamp it (the lifecycle stage in its context);
 * 5. it is queued for delivery (persisted), shared with the other tabs, given to `event` listeners;
 * 6. features react to it (rules, nudges, checklists);
 * 7. a stage change goes to `stageChange` listeners and then flows as its own `stage_change` event.
 *
 * Work runs strictly in call order, one event at a time (`work-queue.ts`), so the events a
 * nudge or a stage change produces are processed after the event that caused them.
 */
import { ERROR_CODES } from '../core/errors';
import { isSystemEvent, SYSTEM_EVENTS, type AnalyticsEvent, type JsonObject } from '../core/types';
import type { StageChange } from '../core/feature';
import { createEnricher, type PartialEvent } from './enrich';
import { createEventSizer } from './event-size';
import { MAX_EVENT_BYTES, utf8Length } from './normalize';
import { runPlugins } from './plugins';
import { adoptSession, DEFAULT_SESSION_TIMEOUT_MS, touchSession } from './session';
import type { CheckedInput } from './inputs';
import type { Runtime } from './runtime';
import type { Boarded } from '../delivery/lifeboat';

export interface Pipeline {
  /** Runs an event through the flow once consent and the store allow (held until then). */
  submit(partial: PartialEvent): void;
  /** Reports what checking a public call's input found, then submits it or counts it as rejected. */
  accept(checked: CheckedInput): void;
  /** Events another tab processed: folded into the session and the features, not acted on. */
  receive(events: AnalyticsEvent[]): void;
  /** What rule conditions see now (ids, traits and every feature's attributes). */
  attributes(): Record<string, unknown>;
  /**
   * The events still held for the store, enriched as far as this page can: for a page that
   * closes before its store opened. Before the store opened the anonymous id and the session
   * are unknown: they are `''` here, and filled in on the next load (see `early-exit.ts`).
   */
  early(): Boarded[];
}

export function createPipeline(rt: Runtime): Pipeline {
  const { clock, identity, emitter, counts, report } = rt;
  const plugins = rt.config.plugins ?? [];
  const sessionTimeoutMs = rt.config.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
  const enrich = createEnricher(identity);
  const sizeOf = createEventSizer();
  const attrs: Record<string, unknown> = {};
  const isSystem = (name: string) => isSystemEvent(name) || rt.features.isSystemEvent(name);

  function attributes(): Record<string, unknown> {
    attrs.userId = identity.userId;
    attrs.anonymousId = identity.anonymousId;
    attrs.traits = identity.traits;
    rt.features.attributes(attrs);
    return attrs;
  }

  function submit(partial: PartialEvent): void {
    const at = clock.now();
    rt.consent.run(() => process(partial, at), true, [partial, at]);
  }

  function process(partial: PartialEvent, at: number): void {
    const name = partial.type === 'track' ? partial.event : partial.type;
    if (!isSystem(name) || !rt.session) {
      const before = rt.session;
      rt.session = touchSession(before, at, sessionTimeoutMs);
      if (rt.session !== before) {
        processOne({ type: 'track', event: SYSTEM_EVENTS.sessionStart, properties: { sessionId: rt.session.id, index: rt.session.index } }, at);
      }
    }
    processOne(partial, at);
  }

  function processOne(partial: PartialEvent, at: number): void {
    if (partial.type === 'identify') identity.identify(partial.userId ?? identity.userId, partial.traits);
    const enriched = enrich(partial, at, rt.session!);
    const event = plugins.length > 0 ? runPlugins(plugins, enriched, report) : enriched;
    if (!event) {
      counts.cancelled++;
      return;
    }
    const name = nameOf(event);
    // Sized before the features stamp it: room is kept for the most they may add, so an event
    // accepted here cannot grow over the limit.
    const room = rt.features.stampBytes;
    let bytes = event === enriched ? sizeOf(event, partial.payloadBytes) : utf8Length(JSON.stringify(event));
    if (bytes + room > MAX_EVENT_BYTES) {
      counts.rejected++;
      report(ERROR_CODES.eventTooLarge, `event "${name}" would be up to ${bytes + room} bytes serialised; the limit is ${MAX_EVENT_BYTES}. It was not tracked.`, { event: name, bytes: bytes + room });
      return;
    }
    const system = isSystem(name);
    const features = rt.features;
    const change = features.record(event, name, system);
    const seen = features.usesAttributes ? attributes() : undefined;
    if (seen) bytes += features.stamp(event, seen);
    rt.persist();
    rt.tabSync?.publish(event);
    rt.delivery.enqueue(event, bytes);
    emitter.emit('event', event);
    if (seen) {
      seen.event = name;
      seen.properties = event.type === 'identify' ? event.traits : event.properties;
      features.react(change ? { event, name, attributes: seen, stageChange: change, system } : { event, name, attributes: seen, system });
    }
    if (change) announce(change, at);
  }

  function announce(change: StageChange, at: number): void {
    emitter.emit('stageChange', change);
    rt.work.push(() => processOne({ type: 'track', event: SYSTEM_EVENTS.stageChange, properties: { from: change.from, to: change.to } }, at));
  }

  return {
    submit,
    accept(checked) {
      for (const r of checked.reports) report(r.code, r.message, r.details);
      if (!checked.partial) {
        counts.rejected++;
        return;
      }
      submit(checked.partial);
    },
    receive(events) {
      if (rt.closed || rt.consent.state !== 'granted') return;
      rt.work.push(() => {
        for (const event of events) {
          const at = Date.parse(event.timestamp);
          rt.session = adoptSession(rt.session, event.context.session, Number.isFinite(at) ? at : clock.now());
          if (event.type === 'identify') identity.identify(event.userId, event.traits as JsonObject);
          const name = nameOf(event);
          const change = rt.features.receive(event, name, isSystem(name));
          if (change) emitter.emit('stageChange', change);
        }
        rt.persist();
      });
    },
    attributes,
    early() {
      const out: Boarded[] = [];
      const session = rt.session ?? { id: '', index: 0, startedAt: 0, lastActivityAt: 0 };
      let userId = identity.userId;
      for (const [partial, at] of rt.consent.held() as Array<[PartialEvent, number]>) {
        if (partial.type === 'identify') userId = partial.userId ?? userId;
        const enriched = enrich(partial, at, session);
        enriched.userId = userId;
        // Should the page live on after all (back/forward cache), it sends the event under this id.
        partial.messageId = enriched.messageId;
        const event = plugins.length > 0 ? runPlugins(plugins, enriched, report) : enriched;
        const bytes = event ? utf8Length(JSON.stringify(event)) : MAX_EVENT_BYTES;
        // Too large: the next load would reject it too (and report it then, had the page lived).
        if (bytes + rt.features.stampBytes <= MAX_EVENT_BYTES) out.push([bytes, event!]);
      }
      return out;
    },
  };
}

function nameOf(event: AnalyticsEvent): string {
  return event.type === 'track' ? event.event : event.type;
}
