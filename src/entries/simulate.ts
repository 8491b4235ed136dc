/**
 * `nudgekit/simulate`: replays recorded events through the real profile, lifecycle and rule
 * engine on a virtual clock, and reports what rules would have done: who they reach, how
 * often, what stopped them, how they overlap. Runs in Node and in workers (no DOM, no I/O);
 * the `nudgekit simulate` command reads files with it.
 *
 * @example
 * ```ts
 * import { simulate } from 'nudgekit/simulate';
 * const report = await simulate(events, { rules, lifecycle: { conversionEvents: ['purchase'] } });
 * console.log(formatReport(report));
 * ```
 *
 * @packageDocumentation
 */
export { createSimulator, simulate } from '../simulate/simulator';
export type { Simulator } from '../simulate/simulator';
export { readNdjson, readNdjsonBatches, SimulateInputError } from '../simulate/ndjson';
export { readTransactionsCsv } from '../simulate/csv';
export type { CsvMapping } from '../simulate/csv';
export { formatReport } from '../simulate/format';
export type { SimulateOptions, SimulationReport, RuleReport, Funnel, Count, Suppression } from '../simulate/types';
