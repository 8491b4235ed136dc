// Builds: dist/index.{mjs,cjs} and dist/dom.{mjs,cjs} (idb stays a dependency), their
// type declarations (.d.ts for import, .d.cts for require), and dist/nudgekit.iife.min.js
// for a <script> tag, with idb and the DOM renderer bundled in, exposing window.NudgeKit.
import { readFileSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Puts the package version where src/core/context.ts reads it. */
const version = () => ({
  name: 'nudgekit-version',
  renderChunk: (code) => ({ code: code.replaceAll('__NUDGEKIT_VERSION__', JSON.stringify(pkg.version)), map: null }),
});

const ts = () =>
  typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts'], compilerOptions: { noEmit: false, declaration: false, outDir: undefined } });

const entries = { index: 'src/index.ts', dom: 'src/dom/index.ts' };
const external = (id) => id === 'idb' || id.startsWith('node:');

export default [
  {
    input: entries,
    external,
    plugins: [ts(), version()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', exports: 'named' },
    ],
  },
  {
    input: 'src/iife.ts',
    external: (id) => id.startsWith('node:'),
    plugins: [nodeResolve({ browser: true }), ts(), version()],
    output: {
      file: 'dist/nudgekit.iife.min.js',
      format: 'iife',
      name: 'NudgeKit',
      inlineDynamicImports: true,
      plugins: [terser({ compress: { passes: 2 }, format: { comments: false } })],
    },
  },
  ...Object.entries(entries).flatMap(([name, input]) =>
    ['d.ts', 'd.cts'].map((ext) => ({
      input,
      external,
      plugins: [dts({ tsconfig: './tsconfig.json' })],
      output: { file: `dist/${name}.${ext}`, format: 'es' },
    })),
  ),
];
