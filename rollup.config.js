// Builds: one ESM and one CJS file per entry (idb stays a dependency; code shared by entries
// goes to chunks), their type declarations (.d.ts for import, .d.cts for require), and the
// script-tag files: dist/nudgekit.iife.min.js (client, lifecycle, targeting and the DOM
// renderer, as window.NudgeKit), dist/nudgekit.core.iife.min.js (the client alone), and
// add-on files (dist/nudgekit.<feature>.iife.min.js) that extend window.NudgeKit.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { findParts, scriptParts } from './scripts/rollup-script-parts.mjs';

const ROOT = new URL('.', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Puts the package version where src/core/context.ts reads it. */
const version = () => ({
  name: 'nudgekit-version',
  renderChunk: (code) => ({ code: code.replaceAll('__NUDGEKIT_VERSION__', JSON.stringify(pkg.version)), map: null }),
});

/**
 * Strips types file by file (the sources are `isolatedModules`-clean). Type checking is
 * `npm run typecheck`'s job; doing it here too made every build take minutes.
 */
const typescript = () => ({
  name: 'nudgekit-typescript',
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const out = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true, sourceMap: true },
    });
    return { code: out.outputText, map: out.sourceMapText ? JSON.parse(out.sourceMapText) : null };
  },
});

/** CommonJS consumers need their own .d.cts beside the .d.ts (TS1479 otherwise): the same text. */
const commonJsTypes = () => ({
  name: 'nudgekit-cjs-types',
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type === 'chunk') this.emitFile({ type: 'asset', fileName: chunk.fileName.replace(/\.d\.ts$/, '.d.cts'), source: chunk.code });
    }
  },
});

const entries = {
  index: 'src/index.ts',
  lifecycle: 'src/entries/lifecycle.ts',
  rules: 'src/entries/rules.ts',
  dom: 'src/entries/dom.ts',
  formats: 'src/entries/formats.ts',
  testing: 'src/entries/testing.ts',
  analysis: 'src/entries/analysis.ts',
  node: 'src/entries/node.ts',
  engage: 'src/entries/engage.ts',
  simulate: 'src/entries/simulate.ts',
};

/** Script-tag files: the all-in-one, the core, and add-ons that extend window.NudgeKit. */
const scripts = {
  'nudgekit.iife.min.js': 'src/entries/scripts/all.ts',
  'nudgekit.core.iife.min.js': 'src/index.ts',
  'nudgekit.lifecycle.iife.min.js': 'src/entries/scripts/lifecycle.ts',
  'nudgekit.churn.iife.min.js': 'src/entries/scripts/churn.ts',
  'nudgekit.rules.iife.min.js': 'src/entries/scripts/rules.ts',
  'nudgekit.regex.iife.min.js': 'src/entries/scripts/regex.ts',
  'nudgekit.validate.iife.min.js': 'src/entries/scripts/validate.ts',
  'nudgekit.dom.iife.min.js': 'src/entries/scripts/dom.ts',
  'nudgekit.formats.iife.min.js': 'src/entries/formats.ts',
  'nudgekit.analysis.iife.min.js': 'src/entries/analysis.ts',
  'nudgekit.engage.iife.min.js': 'src/entries/scripts/engage.ts',
};
const external = (id) => id === 'idb' || id.startsWith('node:');

/**
 * One chunk per source module in the package builds. Left to itself, rollup merges modules
 * that the same entries reach into one chunk: `targeting()` and the rule validator (both in
 * `nudgekit/rules`) shared a file, so an app that imports `targeting` statically also held, in
 * its first chunk, the validator that targeting only loads on demand (everything app: 34 kB
 * first chunk instead of 26). Module by module, an app's bundler sees the graph src/ has.
 */
const SRC = new URL('./src/', import.meta.url).pathname;
const moduleChunk = (id) => (id.startsWith(SRC) ? id.slice(SRC.length).replace(/\.(ts|mjs|js)$/, '') : undefined);

const builds = [
  {
    input: entries,
    external,
    plugins: [nodeResolve({ extensions: ['.ts', '.mjs', '.js'] }), typescript(), version()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs', manualChunks: moduleChunk },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', exports: 'named', manualChunks: moduleChunk },
    ],
  },
  // The `nudgekit` command: one Node file with its shebang, the SDK code it uses inlined.
  {
    input: 'src/cli/nudgekit.ts',
    external,
    plugins: [nodeResolve({ extensions: ['.ts', '.mjs', '.js'] }), typescript(), version()],
    output: { file: 'dist/cli.mjs', format: 'es', banner: '#!/usr/bin/env node', inlineDynamicImports: true },
  },
  ...Object.entries(scripts).map(([file, input]) => ({
    input,
    external: (id) => id.startsWith('node:'),
    plugins: [nodeResolve({ browser: true, extensions: ['.ts', '.mjs', '.js'] }), typescript(), version(), scriptParts(ROOT)],
    output: {
      file: `dist/${file}`,
      format: 'iife',
      name: 'NudgeKit',
      // Add-ons (and the core, loaded before them) merge into one window.NudgeKit.
      extend: true,
      plugins: [terser({ compress: { passes: 2 }, format: { comments: false } })],
    },
  })),
  // What the scripts load on demand (see scripts/rollup-script-parts.mjs): one module per
  // dynamically imported source file, beside the scripts.
  ...findParts(ROOT).map(({ source, file }) => ({
    input: source,
    external: (id) => id.startsWith('node:'),
    plugins: [nodeResolve({ browser: true, extensions: ['.ts', '.mjs', '.js'] }), typescript(), version(), scriptParts(ROOT, { module: true })],
    output: { file: `dist/${file}`, format: 'es', plugins: [terser({ compress: { passes: 2 }, format: { comments: false } })] },
  })),
  ...Object.entries(entries).map(([name, input]) => ({
    input,
    external,
    plugins: [dts({ tsconfig: './tsconfig.json' }), commonJsTypes()],
    output: { file: `dist/${name}.d.ts`, format: 'es' },
  })),
];

// `rollup -c --environment NUDGEKIT_BUILD:demo` builds only the files the demo page loads: the
// all-in-one bundle and the churn and engage add-ons (its stale-bundle rebuild, not all of dist/).
const DEMO_FILES = ['dist/nudgekit.iife.min.js', 'dist/nudgekit.churn.iife.min.js', 'dist/nudgekit.engage.iife.min.js'];
const isDemoFile = (file) => typeof file === 'string' && (DEMO_FILES.includes(file) || file.startsWith('dist/nudgekit.part.'));
export default process.env.NUDGEKIT_BUILD === 'demo' ? builds.filter((b) => isDemoFile(b.output.file)) : builds;
