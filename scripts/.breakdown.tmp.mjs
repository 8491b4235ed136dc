import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import ts from 'typescript';
import { gzipSync } from 'node:zlib';
const input = process.argv[2];
const typescript = () => ({ name: 't', transform(code, id) { if (!id.endsWith('.ts')) return null; return { code: ts.transpileModule(code, { fileName: id, compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true } }).outputText, map: null }; } });
const b = await rollup({ input, plugins: [nodeResolve({ browser: true, extensions: ['.ts', '.mjs', '.js'] }), typescript()], external: (id) => id.startsWith('node:') });
const { output } = await b.generate({ format: 'es', preserveModules: true, plugins: [terser({ compress: { passes: 2 }, format: { comments: false } })] });
const rows = output.filter(o => o.type === 'chunk').map(o => [o.fileName, o.code.length, gzipSync(o.code, { level: 9 }).length]).sort((a, b) => b[2] - a[2]);
let t = 0; for (const r of rows) { t += r[2]; console.log(String(r[2]).padStart(6), String(r[1]).padStart(7), r[0]); }
console.log('sum gz', t);
