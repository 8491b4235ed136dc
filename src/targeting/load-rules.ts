/**
 * `loadRules(nk, source)`: the one way to load rules from a server (or a JSON document)
 * into a client's targeting feature. The rules are validated, applied once the store is
 * open, and cached in the store, so the next start applies them before any network.
 */
import { ERROR_CODES, NudgeKitError } from '../core/errors';
import { readRules, type LoadRulesOptions, type LoadRulesResult } from '../rules/load';
import { RULES_CACHE_KEY, type TargetingInstance } from './feature';

/** How a client holds its features for functions like this one (see `client/facade.ts`). */
interface FeatureAccess {
  features(): ReadonlyMap<string, unknown>;
  ready: Promise<void>;
}

/**
 * Loads rules from a URL or a JSON document (`[...]` or `{ version, rules: [...] }`) into the
 * client's `targeting()` feature. Each loaded rule takes the place of the config rule with
 * the same id, if any; the others come after. Never rejects: the result says what happened,
 * and problems also go to `onError` (`rules_load_failed`, `invalid_rule` with the path).
 * When the network fails, the rules in force stay: those of the last successful load, cached,
 * are applied at every start.
 *
 * @example
 * ```ts
 * import { loadRules } from 'nudgekit/rules';
 * const result = await loadRules(nk, 'https://example.com/rules.json', { headers: { authorization: 'Bearer t' }, timeoutMs: 5000 });
 * if (!result.ok) console.warn(result.error?.message);
 * ```
 */
export async function loadRules(
  client: object,
  source: string | unknown,
  options: Pick<LoadRulesOptions, 'fetch' | 'headers' | 'timeoutMs'> = {},
): Promise<LoadRulesResult> {
  const access = (client as Record<symbol, FeatureAccess | undefined>)?.[Symbol.for('nudgekit.features')];
  const instance = access?.features().get('targeting') as TargetingInstance | undefined;
  if (!access || !instance) {
    const error = new NudgeKitError(ERROR_CODES.invalidArgument, 'loadRules(nk, ...): the client has no targeting() feature to load rules into');
    return { ok: false, source: 'error', rules: [], issues: [], error };
  }
  const result = await readRules(source, { ...options, ...(instance.regex && { regex: instance.regex }) });
  // Applied and saved once the store is open: before, start-up would replace them with the
  // cached copy, and the save would go to the stand-in memory store.
  await access.ready;
  await instance.applyLoaded(result);
  return result;
}
