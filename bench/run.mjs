#!/usr/bin/env node
// Runs the benchmarks: `node bench/run.mjs` for all, `node bench/run.mjs rules` for those whose name contains "rules".
// Node benches (*.bench.ts) are bundled with rolldown and imported; browser benches (*.browser.bench.ts)
// are bundled as one script and run in a page of Debian's Chromium served from 127.0.0.1.
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
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
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
const chromiumPath = CHROMIUM_PATH;

async function bundle(file, format, platform) {
  const build = await rolldown({ input: join(here, file), platform, logLevel: 'silent', external: platform === 'node' ? [/^[^./]/] : [] });
  const { output } = await build.generate({ format, name: 'Bench' });
  await build.close();
  return output[0].code;
}

async function runNode(file) {
  const out = join(tmp, file.replace(/\.ts$/, '.mjs'));
  writeFileSync(out, await bundle(file, 'esm', 'node'));
  const mod = await import(pathToFileURL(out).href + `?t=${Date.now()}`);
  return mod.default();
}

let browser;
async function runBrowser(file) {
  const code = await bundle(file, 'iife', 'browser');
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') return res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(code);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><meta charset="utf-8"><title>bench</title><script src="/bench.js"></script>');
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  try {
    if (!browser) {
      const { chromium } = await import('playwright');
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: CHROMIUM_ARGS,
      });
    }
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const report = await page.evaluate(() => (window.Bench.default ?? window.Bench)());
    await page.close();
    return report;
  } finally {
    server.close();
  }
}

function table(report) {
  const lines = [`\n## ${report.title}\n`, '| metric | value | goal | met |', '|---|---:|---|---|'];
  for (const row of report.rows) {
    const value = Number.isInteger(row.value) ? row.value.toLocaleString('en-US') : Number(row.value.toPrecision(4)).toLocaleString('en-US');
    lines.push(`| ${row.metric} | ${value} ${row.unit} | ${row.goal ?? ''} | ${row.pass === undefined ? '' : row.pass ? 'yes' : 'NO'} |`);
  }
  return lines.join('\n');
}

const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
};

const sections = [];
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  const inBrowser = file.endsWith('.browser.bench.ts');
  if (inBrowser && !existsSync(chromiumPath)) {
    console.log(`skip ${file}: no Chromium at ${chromiumPath}`);
    continue;
  }
  process.stdout.write(`running ${file} ...\n`);
  const report = inBrowser ? await runBrowser(file) : await runNode(file);
  if (inBrowser) machine.chromium = await browser.version();
  writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify({ machine, ...report }, null, 2) + '\n');
  const section = table(report);
  console.log(section);
  sections.push(section);
}
await browser?.close();

if (!filter) {
  const header = [
    '# Benchmark results',
    '',
    `Run by \`npm run bench\` on ${machine.date.slice(0, 10)}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}${machine.chromium ? `, Chromium ${machine.chromium}` : ''}.`,
    'Figures vary from machine to machine; the ratios between libraries measured in the same run are the stable part.',
  ];
  writeFileSync(join(here, 'RESULTS.md'), header.join('\n') + '\n' + sections.join('\n') + '\n');
}
