/**
 * The rules in force: those of the config, and those loaded from a server (or its cached copy).
 * A server rule with a config rule's id takes that rule's place, so ties between equal
 * priorities still go by the config's order; the other server rules come after.
 *
 * Validation and compilation are passed in rather than imported: the targeting feature loads
 * them on demand (`prepare.ts`, a chunk of its own); the simulator has them at hand.
 */
import { ERROR_CODES } from '../core/errors';
import type { Report } from '../core/reporter';
import type { SavedGroups } from './condition';
import type { RuleEngine } from './engine-types';
import type { RegexEngine } from './regex-engine';
import type { RuleDefinition, RuleInput } from './types';

/** `validateRules` and `indexRules`, as `prepare.ts` exports them. */
export type RuleTools = Pick<typeof import('./prepare'), 'validateRules' | 'indexRules'>;

/**
 * Validates the config rules with the server rules (`loaded`, default: the last ones given),
 * reports their problems, and applies the valid ones, compiled; returns them.
 */
export type ApplyRules = (tools: RuleTools, loaded?: readonly unknown[]) => RuleDefinition[];

/** Returns the way to apply the rules in force; nothing runs until it is called. */
export function ruleSources(
  engine: Pick<RuleEngine, 'setRules'>,
  input: readonly RuleInput[] | undefined,
  report: Report,
  options: { savedGroups?: SavedGroups | undefined; regex?: RegexEngine | undefined },
): ApplyRules {
  const configRules: unknown[] = (input ?? []).map((r) => (typeof (r as { toJSON?: unknown }).toJSON === 'function' ? (r as { toJSON(): RuleDefinition }).toJSON() : r));
  const idOf = (r: unknown) => (r as { id?: unknown } | null)?.id;
  const configIds = new Set(configRules.map(idOf));
  let server: readonly unknown[] = [];

  return (tools, loaded = server) => {
    server = loaded;
    const byId = new Map(loaded.map((r) => [idOf(r), r]));
    const all = [...configRules.map((r) => byId.get(idOf(r)) ?? r), ...loaded.filter((r) => !configIds.has(idOf(r)))];
    const { rules, issues } = tools.validateRules(all, 'rules', options.regex);
    engine.setRules(tools.indexRules(rules, options.savedGroups, options.regex));
    for (const issue of issues) {
      report(ERROR_CODES.invalidRule, `${issue.path}: ${issue.warning ? 'warning: ' : ''}${issue.message}`, issue.warning ? { path: issue.path, warning: true } : { path: issue.path });
    }
    return rules;
  };
}
