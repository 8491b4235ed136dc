#!/usr/bin/env node
// Runs the benchmarks: `node bench/run.mjs` for all, `node bench/run.mjs rules` for those whose name contains "rules".
// Node benches (*.bench.ts) are bundled with rolldown and run in a Node process each; browser benches
// (*.browser.bench.ts) are bundled as one script and run in a page of Debian's Chromium served from 127.0.0.1.
// Each bench writes bench/results/<name>.json; RESULTS.md is then rebuilt from the results of every
// bench that exists, so a filtered run updates its sections and keeps the others.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import { rolldown } from 'rolldown';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = join(here, '.tmp');
const resultsDir = join(here, 'results');
mkdirSync(tmp, { recursive: true });
mkdirSync(resultsDir, { recursive: true });

const filter = process.argv[2] ?? '';
const allFiles = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
const files = allFiles.filter((f) => f.includes(filter));
const chromiumPath = CHROMIUM_PATH;
const benchName = (file) => file.replace(/\.bench\.ts$/, '');

async function bundle(file, format, platform) {
  const build = await rolldown({ input: join(here, file), platform, logLevel: 'silent', external: platform === 'node' ? [/^[^./]/] : [] });
  // One file: the package's dynamic imports (the rule validator, the dispatcher) are inlined.
  const { output } = await build.generate({ format, name: 'Bench', inlineDynamicImports: true });
  await build.close();
  return output[0].code;
}

const REPORT_MARK = '@@nudgekit-bench-report@@';

/**
 * Each Node bench runs in a fresh Node process, so that none inherits the heap the benches
 * before it left (a million profile events, 10,000 rule profiles) or their garbage collection.
 */
async function runNode(file) {
  const out = join(tmp, file.replace(/\.ts$/, '.mjs'));
  writeFileSync(out, await bundle(file, 'esm', 'node'));
  // Whatever the bench prints goes before the mark; the report follows it.
  const runner = `const MARK = ${JSON.stringify(REPORT_MARK)}; const mod = await import(${JSON.stringify(pathToFileURL(out).href)}); process.stdout.write('\\n' + MARK + JSON.stringify(await mod.default()));`;
  const json = await new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', runner], { cwd: here, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} failed: ${stderr || error.message}`));
      else resolve(stdout.slice(stdout.lastIndexOf(REPORT_MARK) + REPORT_MARK.length));
    });
  });
  return JSON.parse(json);
}

/**
 * Each browser bench gets its own Chromium, closed when it is done, so that no browser is left
 * working in the background (IndexedDB compacting what a bench wrote) while the next bench runs.
 */
async function runBrowser(file) {
  const code = await bundle(file, 'iife', 'browser');
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') return res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(code);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><meta charset="utf-8"><title>bench</title><script src="/bench.js"></script>');
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { chromium } = await import('playwright');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    machine.chromium ??= browser.version(); // when --version could not tell
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    return await page.evaluate(() => (window.Bench.default ?? window.Bench)());
  } finally {
    await browser.close();
    server.close();
  }
}

function table(report, note) {
  const lines = [`\n## ${report.title}\n`, ...(note ? [note, ''] : []), '| metric | value | goal | met |', '|---|---:|---|---|'];
  const notes = report.notes ?? [];
  for (const row of report.rows) {
    const value = Number.isInteger(row.value) ? row.value.toLocaleString('en-US') : Number(row.value.toPrecision(4)).toLocaleString('en-US');
    lines.push(`| ${row.metric} | ${value} ${row.unit} | ${row.goal ?? ''} | ${row.pass === undefined ? '' : row.pass ? 'yes' : 'NO'} |`);
  }
  for (const paragraph of notes) lines.push('', paragraph);
  return lines.join('\n');
}

/**
 * The installed Chromium's version, read without starting a browser, so that every result of
 * the run names it (the browser itself is launched only when a browser bench runs).
 */
function chromiumVersion() {
  if (!existsSync(chromiumPath)) return undefined;
  try {
    const out = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    return /\d+(?:\.\d+){3}/.exec(out)?.[0];
  } catch {
    return undefined;
  }
}

const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
  chromium: chromiumVersion(),
};

for (const file of files) {
  const name = benchName(file);
  const inBrowser = file.endsWith('.browser.bench.ts');
  if (inBrowser && !existsSync(chromiumPath)) {
    console.log(`skip ${file}: no Chromium at ${chromiumPath}`);
    continue;
  }
  process.stdout.write(`running ${file} ...\n`);
  const report = inBrowser ? await runBrowser(file) : await runNode(file);
  writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify({ machine, ...report }, null, 2) + '\n');
  console.log(table(report));
}
writeSummary();

/** Rebuilds RESULTS.md from the result of every existing bench, and removes results of benches that are gone. */
function writeSummary() {
  const names = new Set(allFiles.map(benchName));
  for (const file of readdirSync(resultsDir).filter((f) => f.endsWith('.json'))) {
    if (names.has(file.slice(0, -'.json'.length))) continue;
    rmSync(join(resultsDir, file));
    console.log(`removed results/${file}: its bench is gone`);
  }
  const results = [];
  const missing = [];
  for (const name of names) {
    const path = join(resultsDir, `${name}.json`);
    if (existsSync(path)) results.push(JSON.parse(readFileSync(path, 'utf8')));
    else missing.push(name);
  }
  // One run is one start time; results of older runs may lack the Chromium version, so any of the run's results gives it.
  const runs = new Map();
  for (const { machine: m } of results) runs.set(m.date, { ...m, chromium: runs.get(m.date)?.chromium ?? m.chromium });
  const describe = (m) =>
    `${m.date.slice(0, 10)}: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}${m.chromium ? `, Chromium ${m.chromium}` : ''}`;
  const lines = ['# Benchmark results', ''];
  if (runs.size <= 1) {
    const only = [...runs.values()][0];
    lines.push(only ? `Run by \`npm run bench\` on ${describe(only)}.` : 'No results yet: run `npm run bench`.');
  } else {
    lines.push(`Collected from ${runs.size} runs of \`bench/run.mjs\`; each section names its own.`);
  }
  lines.push('Figures vary from machine to machine; the ratios between libraries measured in the same run are the stable part.');
  for (const result of results) lines.push(table(result, runs.size > 1 ? `Run on ${describe(runs.get(result.machine.date))}.` : undefined));
  if (missing.length > 0) lines.push('', `Not run yet: ${missing.map((n) => `\`${n}\``).join(', ')} (\`node bench/run.mjs <name>\`).`);
  writeFileSync(join(here, 'RESULTS.md'), lines.join('\n') + '\n');
}
