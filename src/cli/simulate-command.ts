/**
 * `nudgekit simulate`: reads a rules document and recorded events (the collector's NDJSON
 * export, or a transactions CSV), replays them with `nudgekit/simulate`, and prints the
 * report as tables (or JSON). Every failure ends in one clear line on stderr and exit code 1
 * (2 for a usage mistake); nothing is printed half way.
 */
import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../core/errors';
import { safeRegex } from '../rules/regex-engine';
import { createSimulator } from '../simulate/simulator';
import { readNdjsonBatches, SimulateInputError, type Chunks } from '../simulate/ndjson';
import { readTransactionsCsv, type CsvMapping } from '../simulate/csv';
import { formatReport } from '../simulate/format';
import type { SimulateOptions } from '../simulate/types';
import { parseArgs, UsageError } from './args';
import { createProgress } from './progress';

export const SIMULATE_USAGE = `Usage: nudgekit simulate --rules rules.json (--events events.ndjson | --csv transactions.csv) [options]

  --rules <file>        rules document: [rules...] or { "rules": [...], "lifecycle"?, "fatigue"?, "timeZone"?, ... }
  --events <file>       recorded events, NDJSON (the collector's GET /v1/export); "-" reads stdin
  --csv <file>          transactions, CSV with a header row (one purchase a row)
  --csv-map <map>       CSV columns: user=<col>,date=<col>,amount=<col>[,event=purchase,property=revenue]
  --from <date>         events before it build profiles but run no rule (ISO 8601)
  --to <date>           events after it are skipped; timers run up to it after each user's last event
  --order <user|time>   input grouped by user (default for --events) or in time order (default for --csv)
  --dwell <ms>          how long a nudge stays on screen (default 0; "Infinity": never closed)
  --weekly-over <n>     per week, count users nudged more than n times (default 1)
  --json                print the report as JSON
  --no-progress         no progress bar`;

const SPEC = {
  rules: 'string', events: 'string', csv: 'string', 'csv-map': 'string', from: 'string', to: 'string', order: 'string',
  dwell: 'string', 'weekly-over': 'string', json: 'flag', 'no-progress': 'flag', help: 'flag',
} as const;

/** What a run prints: the report on stdout, or the one-line failure on stderr. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DOC_KEYS = ['lifecycle', 'fatigue', 'savedGroups', 'timeZone', 'sessionTimeoutMs', 'dwellMs', 'weeklyOver'] as const;

function dateOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(at)) throw new UsageError(`--${name}: expected an ISO 8601 date, got "${text}"`);
  return at;
}

function csvMapping(text: string | undefined): CsvMapping {
  const mapping: CsvMapping = {};
  if (text === undefined) return mapping;
  for (const pair of text.split(',')) {
    const [key, value] = pair.split('=').map((s) => s.trim());
    if (!value || !['user', 'date', 'amount', 'event', 'property'].includes(key!)) {
      throw new UsageError(`--csv-map: expected key=column pairs with keys user, date, amount, event, property; got "${pair}"`);
    }
    mapping[key as keyof CsvMapping] = value;
  }
  return mapping;
}

/** Reads the rules document: an array of rules or `{ rules, ...settings }`. */
async function readRulesDocument(path: string): Promise<Pick<SimulateOptions, 'rules' | (typeof DOC_KEYS)[number]>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--rules: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (Array.isArray(doc)) return { rules: doc };
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { rules?: unknown }).rules)) {
    throw new ConfigError(path, 'expected an array of rules or { "rules": [...] }');
  }
  const settings: Record<string, unknown> = { rules: (doc as { rules: unknown[] }).rules };
  for (const key of DOC_KEYS) if ((doc as Record<string, unknown>)[key] !== undefined) settings[key] = (doc as Record<string, unknown>)[key];
  return settings as Pick<SimulateOptions, 'rules'>;
}

/**
 * Runs `nudgekit simulate` with `argv` (the words after `simulate`). Never throws.
 *
 * @example
 * ```ts
 * const { code, stdout, stderr } = await runSimulate(['--rules', 'rules.json', '--events', 'export.ndjson']);
 * ```
 */
export async function runSimulate(argv: readonly string[], io: { stdin?: Chunks; stderr?: NodeJS.WriteStream } = {}): Promise<CommandResult> {
  let source = '';
  try {
    const { positional, values } = parseArgs(argv, SPEC);
    if (values.help) return { code: 0, stdout: `${SIMULATE_USAGE}\n`, stderr: '' };
    if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
    const str = (name: keyof typeof SPEC) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
    const rulesPath = str('rules');
    if (!rulesPath) throw new UsageError('--rules is required');
    const events = str('events');
    const csv = str('csv');
    if ((events === undefined) === (csv === undefined)) throw new UsageError('give one input: --events <file.ndjson> or --csv <file.csv>');
    const order = str('order') ?? (csv ? 'time' : 'user');
    if (order !== 'user' && order !== 'time') throw new UsageError('--order: expected "user" or "time"');
    const dwell = str('dwell');
    const weeklyOver = str('weekly-over');
    const from = dateOption('from', str('from'));
    const to = dateOption('to', str('to'));

    const doc = await readRulesDocument(rulesPath);
    source = rulesPath;
    const sim = createSimulator({
      ...doc,
      regex: safeRegex,
      order,
      ...(dwell !== undefined && { dwellMs: Number(dwell) }),
      ...(weeklyOver !== undefined && { weeklyOver: Number(weeklyOver) }),
      ...(from !== undefined && { from }),
      ...(to !== undefined && { to }),
    });

    const path = (events ?? csv)!;
    source = path;
    let total = 0;
    try {
      total = path === '-' ? 0 : statSync(path).size;
    } catch (error) {
      throw new UsageError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    let bytes = 0;
    const input: Chunks = path === '-' ? (io.stdin ?? process.stdin) : createReadStream(path);
    const counted = (async function* () {
      for await (const chunk of input) {
        bytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
        yield chunk;
      }
    })();
    const progress = createProgress(io.stderr ?? process.stderr, total, values['no-progress'] !== true);
    let n = 0;
    try {
      // NDJSON in batches: a step of `for await` per line cost about a quarter of parsing it.
      const batches = csv ? oneByOne(readTransactionsCsv(counted, csvMapping(str('csv-map')))) : readNdjsonBatches(counted);
      for await (const batch of batches) {
        for (const { line, value } of batch) {
          const problem = sim.push(value);
          if (problem) throw new SimulateInputError(line, problem);
          if ((++n & 1023) === 0) {
            progress.update(bytes, n);
            // Lets the rule engines' end-of-tick saves run, so finished users are freed.
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
        }
      }
    } finally {
      progress.done();
    }
    const report = sim.end();
    return { code: 0, stdout: values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`, stderr: '' };
  } catch (error) {
    return { code: error instanceof UsageError ? 2 : 1, stdout: '', stderr: `nudgekit simulate: ${describe(error, source)}\n${error instanceof UsageError ? `\n${SIMULATE_USAGE}\n` : ''}` };
  }
}

async function* oneByOne<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const item of items) yield [item];
}

function describe(error: unknown, source: string): string {
  if (error instanceof SimulateInputError) return `${source}:${error.line}: ${error.message}`;
  if (error instanceof ConfigError) return `bad rule or setting: ${error.message}`;
  if (error instanceof UsageError) return error.message;
  return `failed: ${error instanceof Error ? error.message : String(error)}`;
}
