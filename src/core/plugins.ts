/**
 * Plugins see every event after enrichment and before anything else (profile, rules,
 * queue). A plugin may change the event, replace it, or cancel it by returning `null`.
 * One that throws is reported and skipped: the event goes on as it was.
 */
import { ERROR_CODES } from './errors';
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
  /** Return the event (changed or not), nothing to keep it as it is, or `null` to cancel it. */
  before?: (event: AnalyticsEvent) => AnalyticsEvent | null | void;
}

/** Runs the plugins in order; `null` when one cancelled the event. */
export function runPlugins(plugins: readonly Plugin[], event: AnalyticsEvent, report: Report): AnalyticsEvent | null {
  let current = event;
  for (const plugin of plugins) {
    if (!plugin.before) continue;
    try {
      const result = plugin.before(current);
      if (result === null) return null;
      if (result && typeof result === 'object') current = result;
    } catch (error) {
      report(ERROR_CODES.callbackFailed, `plugin "${plugin.name}" threw: ${String(error)}; the event went on without it`, { plugin: plugin.name }, error);
    }
  }
  return current;
}
