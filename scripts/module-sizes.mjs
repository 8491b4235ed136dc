#!/usr/bin/env node
// Gzip size of each entry given, bundled alone with its imports (rolldown, minified):
// where the bytes of the browser bundle come from. Usage: node scripts/module-sizes.mjs src/rules/index.ts ...
import { rolldown } from 'rolldown';
import { gzipSync } from 'node:zlib';
const entries = process.argv.slice(2);
for (const e of entries) {
  const b = await rolldown({ input: e, platform: 'browser', logLevel: 'silent', external: [/^node:/] });
  const { output } = await b.generate({ format: 'esm', minify: true });
  const code = output.map(o => o.code ?? '').join('');
  console.log(e.padEnd(30), (code.length/1024).toFixed(1)+'KB min', (gzipSync(code,{level:9}).length/1024).toFixed(2)+'KB gz');
}
