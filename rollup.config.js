// Builds: dist/index.{mjs,cjs} and dist/dom.{mjs,cjs} (idb stays a dependency), their
// type declarations (.d.ts for import, .d.cts for require), and dist/nudgekit.iife.min.js
// for a <script> tag, with idb and the DOM renderer bundled in, exposing window.NudgeKit.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';

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

const entries = { index: 'src/index.ts', dom: 'src/dom/index.ts', node: 'src/node.ts' };
const external = (id) => id === 'idb' || id.startsWith('node:');

export default [
  {
    input: entries,
    external,
    plugins: [nodeResolve({ extensions: ['.ts', '.mjs', '.js'] }), typescript(), version()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', exports: 'named' },
    ],
  },
  {
    input: 'src/iife.ts',
    external: (id) => id.startsWith('node:'),
    plugins: [nodeResolve({ browser: true, extensions: ['.ts', '.mjs', '.js'] }), typescript(), version()],
    output: {
      file: 'dist/nudgekit.iife.min.js',
      format: 'iife',
      name: 'NudgeKit',
      inlineDynamicImports: true,
      plugins: [terser({ compress: { passes: 2 }, format: { comments: false } })],
    },
  },
  ...Object.entries(entries).map(([name, input]) => ({
    input,
    external,
    plugins: [dts({ tsconfig: './tsconfig.json' }), commonJsTypes()],
    output: { file: `dist/${name}.d.ts`, format: 'es' },
  })),
];
