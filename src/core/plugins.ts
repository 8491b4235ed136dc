/**
 * Plugins see every event after enrichment and before anything else (profile, rules,
 * queue). A plugin may change the event, replace it, or cancel it by returning `null`.
 *
 * A plugin must not be able to lose an event: one that throws, or leaves something that is
 * not a valid event of the same type as plain JSON under 32 KB, is reported and its changes
 * are undone (the event goes on as the previous plugin left it). That is why the event is
 * kept as JSON text between plugins: it is the copy to go back to.
 */
import { ERROR_CODES } from './errors';
import { checkEventName, MAX_EVENT_BYTES, utf8Length } from './normalize';
import type { Report } from './reporter';
import type { AnalyticsEvent } from './types';

/**
 * A plugin: a name (for error reports) and a `before` hook.
 *
 * @example
 * ```ts
 * const dropBots: Plugin = { name: 'drop-bots', before: (event) => (/bot/i.test(event.context.userAgent ?? '') ? null : event) };
 * const addRelease: Plugin = { name: 'release', before: (event) => { event.context.app = { release: '1.4.2' }; } };
 * createNudgeKit({ plugins: [dropBots, addRelease] });
 * ```
 */
export interface Plugin {
  name: string;
  /**
   * Return the event (changed or not), nothing to keep it as it is, or `null` to cancel it.
   * What it returns goes through JSON (as it will on the wire): functions and `undefined`
   * values are left out, Dates become strings.
   */
  before?: (event: AnalyticsEvent) => AnalyticsEvent | null | void;
}

/**
 * Runs the plugins in order; `null` when one cancelled the event. The event returned is a
 * fresh copy, parsed from JSON, whenever a plugin ran.
 */
export function runPlugins(plugins: readonly Plugin[], event: AnalyticsEvent, report: Report): AnalyticsEvent | null {
  // The enriched event is plain JSON already: it always serialises.
  let json = JSON.stringify(event);
  let current = event;
  for (const { name, before } of plugins) {
    if (!before) continue;
    let result: AnalyticsEvent | null | void;
    try {
      result = before(current);
    } catch (error) {
      report(ERROR_CODES.callbackFailed, `plugin "${name}" threw: ${String(error)}; its changes were undone`, { plugin: name }, error);
      current = JSON.parse(json) as AnalyticsEvent;
      continue;
    }
    if (result === null) return null;
    const next: unknown = result ?? current;
    let problem = eventProblem(next, event.type);
    if (!problem) {
      try {
        const text = JSON.stringify(next);
        if (utf8Length(text) <= MAX_EVENT_BYTES) {
          json = text;
          current = next as AnalyticsEvent;
          continue;
        }
        problem = `over ${MAX_EVENT_BYTES} bytes`;
      } catch (error) {
        problem = `not JSON (${String(error)})`;
      }
    }
    report(ERROR_CODES.invalidPluginResult, `plugin "${name}" left an invalid ${event.type} event (${problem}); its changes were undone`, { plugin: name, problem });
    current = JSON.parse(json) as AnalyticsEvent;
  }
  return JSON.parse(json) as AnalyticsEvent;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What makes `value` unusable as an event of `type` downstream (profile, rules, queue, tabs); `undefined` if nothing. */
function eventProblem(value: unknown, type: AnalyticsEvent['type']): string | undefined {
  if (!isObject(value)) return 'not an object';
  if (value.type !== type) return `type is not "${type}"`;
  for (const key of ['messageId', 'timestamp', 'anonymousId']) {
    if (typeof value[key] !== 'string') return `${key} is not a string`;
  }
  if (value.userId !== null && typeof value.userId !== 'string') return 'userId is not a string or null';
  const context = value.context;
  if (!isObject(context) || !isObject(context.session) || typeof context.session.id !== 'string' || typeof context.session.index !== 'number') {
    return 'context.session is missing';
  }
  if (!isObject(type === 'identify' ? value.traits : value.properties)) return `${type === 'identify' ? 'traits' : 'properties'} is not an object`;
  if (type === 'track') {
    const checked = checkEventName(value.event);
    if ('problem' in checked) return checked.problem;
  }
  if (type === 'page' && value.name !== null && typeof value.name !== 'string') return 'name is not a string or null';
  return undefined;
}
