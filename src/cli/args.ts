/**
 * A small argument parser for the `nudgekit` command: `--name value`, `--name=value` and
 * `--flag`, each option declared once with its kind. No dependency: the package has one
 * runtime dependency (idb) and the command should not add any.
 */

/** How an option is read. */
export type OptionKind = 'string' | 'flag';

/** The parsed command line: positional words and option values. */
export interface ParsedArgs {
  positional: string[];
  values: Record<string, string | true>;
}

/** A mistake on the command line, worded for the user. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Parses `argv` (without the node and script paths) against `spec`. Throws a {@link UsageError}
 * for an unknown option, a missing value, or an option given twice.
 *
 * @example
 * ```ts
 * parseArgs(['simulate', '--rules', 'r.json', '--json'], { rules: 'string', json: 'flag' });
 * // { positional: ['simulate'], values: { rules: 'r.json', json: true } }
 * ```
 */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, OptionKind>>): ParsedArgs {
  const out: ParsedArgs = { positional: [], values: {} };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('--') || word === '--') {
      out.positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq < 0 ? undefined : eq);
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (Object.hasOwn(out.values, name)) throw new UsageError(`--${name} given twice`);
    if (kind === 'flag') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.values[name] = true;
      continue;
    }
    const value = eq >= 0 ? word.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    out.values[name] = value;
  }
  return out;
}
