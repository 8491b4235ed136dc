import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { gzipSync } from 'node:zlib';
for (const input of process.argv.slice(2)) {
const b = await rollup({ input, plugins: [nodeResolve({ browser: true })], onwarn() {} });
const { output } = await b.generate({ format: 'es', plugins: [terser(JSON.parse(process.env.TERSER ?? '{"compress":{"passes":2},"format":{"comments":false}}'))] });
const code = output.map(o => o.code ?? '').join('');
console.log(input, code.length, gzipSync(code, { level: 9 }).length);
}
