/**
 * Importing NudgeKit must touch nothing: no window, document, navigator, storage or
 * timers, so server-side rendering and edge runtimes are safe.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { withStandardFeatures } from '../helpers/features';

const WATCHED = ['window', 'document', 'navigator', 'indexedDB', 'localStorage', 'sessionStorage', 'location', 'addEventListener'];

function watchGlobals(): { touched: string[]; restore(): void } {
  const touched: string[] = [];
  const saved = WATCHED.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const name of WATCHED) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  return {
    touched,
    restore() {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(globalThis, name, descriptor);
        else delete (globalThis as Record<string, unknown>)[name];
      }
    },
  };
}

let watcher: ReturnType<typeof watchGlobals> | undefined;
afterEach(() => watcher?.restore());

describe('import has no side effects', () => {
  it('the source entries touch no browser global when imported', async () => {
    watcher = watchGlobals();
    const mod = await import('../../src/index');
    const dom = await import('../../src/entries/dom');
    expect(typeof mod.createNudgeKit).toBe('function');
    expect(typeof dom.domRenderer).toBe('function');
    expect(watcher.touched).toEqual([]);
  });

  const built = resolve(__dirname, '../../dist/index.mjs');
  it.skipIf(!existsSync(built))('the built ESM and CJS bundles touch no browser global when imported', async () => {
    watcher = watchGlobals();
    const esm = await import(pathToFileURL(built).href);
    const { createRequire } = await import('node:module');
    const cjs = createRequire(import.meta.url)(resolve(__dirname, '../../dist/index.cjs'));
    expect(typeof esm.createNudgeKit).toBe('function');
    expect(typeof cjs.createNudgeKit).toBe('function');
    expect(watcher.touched).toEqual([]);
  });

  it('a client works in Node with the default (memory) store', async () => {
    const { createNudgeKit } = await import('../../src/index');
    const errors: unknown[] = [];
    const nk = createNudgeKit(withStandardFeatures({ onError: (e) => errors.push(e) }));
    const seen: string[] = [];
    nk.on('event', (e) => seen.push(e.type === 'track' ? e.event : e.type));
    nk.track('server_side');
    await nk.flush();
    await nk.shutdown();
    expect(seen).toContain('server_side');
    expect(errors).toEqual([]);
  });
});
