/**
 * The report as plain-text tables, for a terminal: the funnel per rule, its split by stage and
 * tier, weekly reach, and the overlap between rules.
 */
import type { Funnel, SimulationReport } from './types';

/** Lays out rows as columns: the first left-aligned, the others right-aligned. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const num = (n: number) => n.toLocaleString('en-US');
const reasons = (f: Funnel) =>
  Object.entries(f.suppressed)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([reason, n]) => `${reason} ${num(n ?? 0)}`)
    .join(', ') || '-';
const funnelRow = (name: string, f: Funnel) => [name, num(f.triggered.users), num(f.audience.users), num(f.shown.users), num(f.shown.times), reasons(f)];
const FUNNEL_HEAD = ['users:', 'triggered', 'audience', 'shown', 'nudges', 'suppressed (times, by reason)'];

/**
 * Formats a report for a terminal.
 *
 * @example
 * ```ts
 * process.stdout.write(formatReport(await simulate(events, { rules })) + '\n');
 * ```
 */
export function formatReport(report: SimulationReport): string {
  const span = report.first === null ? 'no events' : `${new Date(report.first).toISOString().slice(0, 10)} to ${new Date(report.last!).toISOString().slice(0, 10)}`;
  const out: string[] = [
    `${num(report.users)} users, ${num(report.events)} events replayed (${span}), ${num(report.skipped)} skipped`,
    '',
    table(['rule', ...FUNNEL_HEAD.slice(1)], report.rules.map((r) => funnelRow(r.id, r))),
  ];
  for (const r of report.rules) {
    out.push('', `${r.id}: by stage and tier at the decision`);
    const rows = [
      ...Object.entries(r.byStage).map(([stage, f]) => funnelRow(`stage ${stage}`, f)),
      ...Object.entries(r.byTier).map(([tier, f]) => funnelRow(`tier ${tier}`, f)),
    ];
    out.push(rows.length > 0 ? table(FUNNEL_HEAD, rows) : '(never triggered)');
    const weeks = Object.entries(r.weeks);
    if (weeks.length > 0) {
      out.push('', `${r.id}: per week (users shown it; shown more than ${report.weeklyOver}×)`);
      out.push(table(['week of', 'users', `> ${report.weeklyOver}×`], weeks.map(([week, w]) => [week, num(w.users), num(w.over)])));
    }
    const arms = Object.entries(r.arms);
    if (arms.length > 0) out.push('', `${r.id}: arms: ${arms.map(([arm, a]) => `${arm} exposed ${num(a.exposed)}, shown ${num(a.shown)}`).join('; ')}`);
  }
  if (report.rules.length > 1) {
    const ids = report.rules.map((r) => r.id);
    out.push('', 'overlap: users shown both', table(['', ...ids], ids.map((a) => [a, ...ids.map((b) => num(report.overlap[a]?.[b] ?? 0))])));
  }
  if (report.problems.count > 0) out.push('', `${num(report.problems.count)} problems in the simulated devices, e.g.: ${report.problems.first.join(' | ')}`);
  return out.join('\n');
}
