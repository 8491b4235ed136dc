// Script-tag files pay for what they use too. The package's own builds leave every dynamic
// `import()` in src/ to the user's bundler, which makes it a chunk. An IIFE cannot hold
// chunks, so for the script files each dynamically imported module becomes a "part": its own
// self-contained ES module file beside the script (dist/nudgekit.part.<name>.min.mjs), loaded
// with `import()` from the script's own URL when the code first needs it. A page under a
// strict CSP (`script-src 'self'`) may load it, as it loaded the script.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SOURCE_EXTENSIONS = ['.ts', '.mjs', '.js'];
const DYNAMIC_IMPORT = /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every source file under `dir`. */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) ? [path] : [];
  });
}

/** Resolves a relative specifier from `importer` to a source file, as node-resolve would. */
function resolveSource(importer, specifier) {
  const base = resolve(dirname(importer), specifier);
  for (const candidate of [base, ...SOURCE_EXTENSIONS.map((ext) => base + ext), ...SOURCE_EXTENSIONS.map((ext) => join(base, `index${ext}`))]) {
    try {
      if (readFileSync(candidate)) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`script parts: cannot resolve import('${specifier}') in ${importer}`);
}

/** The file name of the part built from `source`: unique, readable, stable. */
export function partFile(root, source) {
  const path = relative(resolve(root, 'src'), source).replace(/\.(ts|mjs|js)$/, '');
  return `nudgekit.part.${path.replaceAll('/', '.')}.min.mjs`;
}

/**
 * Every module that src/ imports dynamically, as `{ source, file }`: the parts to build.
 *
 * @param {string} root the package root
 */
export function findParts(root) {
  const parts = new Map();
  for (const file of sourceFiles(resolve(root, 'src'))) {
    // Without comments: an `import('./x')` in an @example is not an import.
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const match of code.matchAll(DYNAMIC_IMPORT)) {
      const source = resolveSource(file, match[1]);
      parts.set(source, partFile(root, source));
    }
  }
  return [...parts].map(([source, file]) => ({ source, file }));
}

/**
 * The rollup plugin for the script builds: each dynamic import becomes an `import()` of its
 * part. A classic script resolves it against its own URL, captured while the script runs
 * (`document.currentScript` is null later); a part, itself a module, against `import.meta.url`.
 *
 * @param {string} root the package root
 * @param {{ module?: boolean }} [options] `module: true` for the parts' own builds
 */
export function scriptParts(root, options = {}) {
  const BASE = options.module ? 'import.meta.url' : '__nudgekitScriptBase';
  return {
    name: 'nudgekit-script-parts',
    async resolveDynamicImport(specifier, importer) {
      if (typeof specifier !== 'string' || !importer) return null;
      const resolved = await this.resolve(specifier, importer, { skipSelf: true });
      if (!resolved || resolved.external) return null;
      return { id: `./${partFile(root, resolved.id)}`, external: true };
    },
    renderDynamicImport({ targetModuleId }) {
      if (!targetModuleId?.startsWith('./nudgekit.part.')) return null;
      return { left: 'import(new URL(', right: `, ${BASE}).href)` };
    },
    outputOptions(output) {
      if (options.module) return null;
      // Only a script that loads parts needs its own URL (the formats add-on, say, does not).
      const declaration = `var ${BASE} = typeof document !== 'undefined' && document.currentScript && document.currentScript.src || (typeof location !== 'undefined' ? location.href : '');`;
      const previous = output.intro;
      const intro = async (chunk) => {
        const before = typeof previous === 'function' ? await previous(chunk) : (previous ?? '');
        return chunk.dynamicImports.length > 0 ? `${before}\n${declaration}` : before;
      };
      return { ...output, intro };
    },
  };
}

