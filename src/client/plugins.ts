/**
 * Plugins see every event after enrichment and before anything else (profile, rules,
 * queue). A plugin may change the event, replace it, or cancel it by returning `null`.
 *
 * A plugin must not be able to lose an event: one that throws, or leaves something that is
 * not a valid event of the same type as plain JSON under 32 KB, is reported and its changes
 * are undone (the event goes on as the previous plugin left it). That is why the event is
 * kept as JSON text between plugins: it is the copy to go back to.
 */
import { ERROR_CODES } from '../core/errors';
import { isEvent } from './event-shape';
import { MAX_EVENT_BYTES, utf8Length } from './normalize';
import type { Report } from '../core/reporter';
import type { AnalyticsEvent } from '../core/types';

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
 * Runs the plugins in order; `null` when one cancelled the event. Each plugin gets its own
 * copy, parsed from the JSON the previous one left, so undoing a plugin is ignoring its copy.
 */
export function runPlugins(plugins: readonly Plugin[], event: AnalyticsEvent, report: Report): AnalyticsEvent | null {
  // The enriched event is plain JSON already: it always serialises.
  let json = JSON.stringify(event);
  for (const { name, before } of plugins) {
    if (!before) continue;
    let threw = true;
    try {
      const copy = JSON.parse(json) as AnalyticsEvent;
      const result = before(copy);
      threw = false;
      if (result === null) return null;
      const next = result ?? copy;
      if (!isEvent(next, event.type)) throw `not a ${event.type} event`;
      const text = JSON.stringify(next); // throws on a BigInt or a cycle
      if (utf8Length(text) > MAX_EVENT_BYTES) throw `over ${MAX_EVENT_BYTES} bytes`;
      json = text;
    } catch (error) {
      const problem = String(error);
      if (threw) report(ERROR_CODES.callbackFailed, `plugin "${name}" threw: ${problem}; its changes were undone`, { plugin: name }, error);
      else report(ERROR_CODES.invalidPluginResult, `plugin "${name}" left an invalid event (${problem}); its changes were undone`, { plugin: name, problem });
    }
  }
  return JSON.parse(json) as AnalyticsEvent;
}
