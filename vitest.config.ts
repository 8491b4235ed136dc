import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_ARGS as chromiumArgs, CHROMIUM_PATH as chromiumPath } from './scripts/chromium.mjs';

/**
 * Four projects:
 * - unit:     happy-dom + fake-indexeddb, everything in test/ that is not named below
 * - node:     plain Node (real HTTP servers on 127.0.0.1, file store, SSR import): *.node.test.ts
 * - chromium: vitest browser mode in real Chromium (real IndexedDB): test/browser/**
 * - e2e:      Node driving real Chromium pages with Playwright (reloads, tabs, CSP, axe): test/e2e/**
 *
 * The last two need Chromium. Without it they are left out with a message,
 * except under CI, where a missing browser must fail the run.
 */
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  const message = `Chromium not found at ${chromiumPath}: browser and e2e tests are skipped (apt-get install chromium, or set CHROMIUM_PATH).`;
  if (process.env.CI) throw new Error(message);
  console.warn(message);
}

/** The package's own names, as the examples import them, resolved to the source. */
const packageNames = Object.fromEntries(
  ['lifecycle', 'rules', 'dom', 'formats', 'testing', 'node', 'analysis', 'engage', 'simulate'].map((name) => [
    `nudgekit/${name}`,
    fileURLToPath(new URL(`./src/entries/${name}.ts`, import.meta.url)),
  ]),
);

export default defineConfig({
  resolve: {
    alias: [
      ...Object.entries(packageNames).map(([find, replacement]) => ({ find, replacement })),
      { find: /^nudgekit$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    projects: [
      {
        extends: true as const,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          // Property tests run thousands of cases; on a busy 2-core machine (CI runs the four
          // projects at once) some take over vitest's 5 s default. Speed goals live in bench/.
          testTimeout: 30_000,
          setupFiles: ['test/setup/fake-indexeddb.ts'],
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.node.test.ts', 'test/browser/**', 'test/e2e/**', 'examples/**'],
        },
      },
      {
        extends: true as const,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.node.test.ts', 'examples/**/*.node.test.ts'],
          exclude: ['test/browser/**', 'test/e2e/**'],
          testTimeout: 60_000,
        },
      },
      ...(hasChromium
        ? [
            {
              extends: true as const,
              test: {
                name: 'chromium',
                include: ['test/browser/**/*.test.ts'],
                testTimeout: 60_000,
                browser: {
                  enabled: true,
                  headless: true,
                  screenshotFailures: false,
                  provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
                  instances: [{ browser: 'chromium' as const }],
                },
              },
            },
            {
              extends: true as const,
              test: {
                name: 'e2e',
                environment: 'node',
                include: ['test/e2e/**/*.test.ts'],
                testTimeout: 120_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
    ],
  },
});
