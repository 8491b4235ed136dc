/**
 * What every benchmark returns. `bench/run.mjs` runs each `bench/*.bench.ts` in Node and each
 * `bench/*.browser.bench.ts` in real Chromium, prints the rows as a table and writes
 * `bench/results/<name>.json`; then it rebuilds the summary `bench/RESULTS.md` from the results
 * of every bench (a filtered run such as `node bench/run.mjs rules` keeps the other sections).
 */
export interface BenchRow {
  /** What was measured, e.g. `track() with 200 rules`. */
  metric: string;
  value: number;
  /** e.g. `ops/s`, `µs/op`, `ms`, `bytes`, `×` */
  unit: string;
  /** The goal in words, e.g. `≤ 5 µs`. */
  goal?: string;
  /** Whether the goal was met. */
  pass?: boolean;
}

export interface BenchReport {
  title: string;
  rows: BenchRow[];
  /** Paragraphs printed after the section's table in RESULTS.md: how to read the figures. */
  notes?: string[];
  /** Anything else worth keeping in the JSON report. */
  extra?: unknown;
}

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns operations per second. */
export function opsPerSecond(fn: () => void, ms = 500): number {
  const warmUntil = performance.now() + ms / 5;
  while (performance.now() < warmUntil) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    ops += 100;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}
