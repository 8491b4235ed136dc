/** Types of start.mjs, for TypeScript callers such as test/e2e/demo.test.ts. */

export interface DemoOptions {
  /** The page's port; 0 (default) picks a free one. */
  port?: number;
  /** The collector's port; 0 (default) picks a free one. */
  collectorPort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The collector's PGlite folder; a temporary one (removed on close) by default. */
  dataDir?: string;
  /** Use PostgreSQL instead of PGlite. */
  databaseUrl?: string;
  /** Default `demo-key`. */
  writeKey?: string;
  /** When to run rollup first; default `if-stale`. */
  build?: 'if-stale' | 'always' | 'never';
  /** Customers per run of the page's "Simulate" button (POST /simulate); default 300. */
  simulateCustomers?: number;
}

export interface Demo {
  /** The demo page, e.g. `http://127.0.0.1:5173/`. */
  url: string;
  /** The collector (stats page at `/`, JSON at `/v1/stats` and `/v1/events`). */
  collectorUrl: string;
  /** The running collector (see examples/collector/server.mjs). */
  collector: { url: string; endpoint: string; port: number; close(): Promise<void> };
  /** Stops both servers and removes the temporary data. */
  close(): Promise<void>;
}

/**
 * Starts the whole demo: build (if stale), collector, page.
 *
 * @example
 * ```ts
 * const demo = await startDemo({ port: 0, collectorPort: 0 });
 * await demo.close();
 * ```
 */
export function startDemo(options?: DemoOptions): Promise<Demo>;
/** dist/nudgekit.iife.min.js */
export const BUNDLE_PATH: string;
/** The add-on files the page loads after the bundle: dist/nudgekit.churn.iife.min.js and dist/nudgekit.engage.iife.min.js. */
export const ADD_ON_PATHS: string[];
/** `demo-key` */
export const DEMO_WRITE_KEY: string;
/** Whether dist/ lacks the bundle or anything under src/ is newer. */
export function bundleIsStale(): Promise<boolean>;
/** Runs `rollup -c`; rejects when it fails. */
export function buildLibrary(): Promise<void>;
