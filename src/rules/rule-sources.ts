/**
 * The rules in force: those of the config, and those loaded from a server (or its cached copy).
 * A server rule with a config rule's id takes that rule's place, so ties between equal
 * priorities still go by the config's order; the other server rules come after.
 */
import { ERROR_CODES } from '../core/errors';
import type { Report } from '../core/reporter';
import type { RuleEngine } from '../rules/index';
import type { RuleDefinition, RuleInput } from '../rules/types';

/** Replaces the server rules and applies the result. */
export type UseServerRules = (rules: readonly unknown[]) => void;

/** Applies the config rules at once; returns the way to add server rules. */
export function ruleSources(engine: Pick<RuleEngine, 'setRules'>, input: readonly RuleInput[] | undefined, report: Report): UseServerRules {
  const configRules: unknown[] = (input ?? []).map((r) => (typeof (r as { toJSON?: unknown }).toJSON === 'function' ? (r as { toJSON(): RuleDefinition }).toJSON() : r));
  const idOf = (r: unknown) => (r as { id?: unknown } | null)?.id;
  const configIds = new Set(configRules.map(idOf));

  const use: UseServerRules = (loaded) => {
    const byId = new Map(loaded.map((r) => [idOf(r), r]));
    const all = [...configRules.map((r) => byId.get(idOf(r)) ?? r), ...loaded.filter((r) => !configIds.has(idOf(r)))];
    for (const issue of engine.setRules(all)) {
      report(ERROR_CODES.invalidRule, `${issue.path}: ${issue.warning ? 'warning: ' : ''}${issue.message}`, issue.warning ? { path: issue.path, warning: true } : { path: issue.path });
    }
  };
  use([]);
  return use;
}
