/**
 * Shared tools for the collector tests: the collector module with its types (it is plain
 * JavaScript, so its shape is declared here), temp data folders, events and requests.
 */
import { mkdtemp, rm, cp, rename, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID, createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pathToFileURL, fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const SERVER_PATH = resolve(ROOT, 'examples/collector/server.mjs');
export const WRITE_KEY = 'wk_test_collector';

export interface QueryResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  query(sql: string, params?: unknown[]): Promise<QueryResult>;
  transaction<T>(fn: (tx: { query(sql: string, params?: unknown[]): Promise<QueryResult> }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface Collector {
  url: string;
  endpoint: string;
  port: number;
  db: Database;
  close(): Promise<void>;
}

export interface CollectorOptions {
  writeKey: string;
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  maxBodyBytes?: number;
  maxEventBytes?: number;
  corsOrigin?: string | string[];
  rulesPath?: string;
}

export interface BatchResponse {
  success: boolean;
  accepted: number;
  duplicates: number;
  rejected: { index: number; messageId: string | null; reason: string }[];
  /** Rejections left out of `rejected` (it lists at most 100). */
  rejectedOmitted?: number;
  error?: string;
}

interface ServerModule {
  startCollector(options: CollectorOptions): Promise<Collector>;
}

interface ValidateModule {
  validateEvent(event: unknown, receivedAt: Date, maxEventBytes?: number): { ok: true; row: Record<string, unknown> } | { ok: false; reason: string };
  checkBatchBody(body: unknown): string | null;
}

// Imported through a computed URL: the collector is JavaScript outside the TypeScript project.
const serverModule = (await import(pathToFileURL(SERVER_PATH).href)) as ServerModule;
const validateModule = (await import(pathToFileURL(resolve(ROOT, 'examples/collector/validate.mjs')).href)) as ValidateModule;

export const { startCollector } = serverModule;
export const { validateEvent, checkBatchBody } = validateModule;

/** A fresh folder under the OS temp dir; remove it with {@link removeDir}. */
export function tempDir(prefix = 'nk-collector-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * A fresh temp folder holding an empty collector database. PGlite's initdb takes seconds,
 * so it runs once per PGlite version into a shared template that each test copies.
 * The template is built in a folder of its own and renamed into place, so parallel
 * test files never see half of one.
 */
export async function freshDataDir(): Promise<string> {
  // Keyed by the PGlite version and the schema, so a change to either builds a new template.
  const key = createHash('sha256')
    .update(await readFile(resolve(ROOT, 'node_modules/@electric-sql/pglite/package.json')))
    .update(await readFile(resolve(ROOT, 'examples/collector/schema.mjs')))
    .digest('hex')
    .slice(0, 16);
  const template = join(tmpdir(), `nk-collector-template-${key}`);
  if (!existsSync(template)) {
    const building = await tempDir('nk-collector-template-build-');
    const collector = await startCollector({ writeKey: WRITE_KEY, dataDir: building });
    await collector.close();
    try {
      await rename(building, template);
    } catch {
      await removeDir(building); // another test file got there first
    }
  }
  const dir = await tempDir();
  await cp(template, dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** A valid NudgeKit track event with a fresh messageId. */
export function trackEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'track',
    event: 'product_viewed',
    messageId: randomUUID(),
    timestamp: new Date().toISOString(),
    anonymousId: 'anon-1',
    userId: null,
    properties: { sku: 'A-1' },
    context: { library: { name: 'nudgekit', version: '0.1.0' }, session: { id: 's1', index: 1 } },
    ...overrides,
  };
}

/** The `Authorization` header value for a write key, as Segment's libraries send it. */
export function basicAuth(writeKey: string): string {
  return `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
}

export interface PostOptions {
  writeKey?: string | null;
  headers?: Record<string, string>;
  gzip?: boolean;
  path?: string;
}

/** POSTs a body (an object is JSON-encoded; a string or Buffer is sent as is). */
export async function post(
  collector: Collector,
  body: unknown,
  options: PostOptions = {},
): Promise<{ status: number; json: BatchResponse; headers: Headers }> {
  const writeKey = options.writeKey === undefined ? WRITE_KEY : options.writeKey;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (writeKey !== null) headers.authorization = basicAuth(writeKey);
  let payload: string | Buffer = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  if (options.gzip) {
    payload = gzipSync(payload);
    headers['content-encoding'] = 'gzip';
  }
  const response = await fetch(`${collector.url}${options.path ?? '/v1/batch'}`, {
    method: 'POST',
    headers,
    body: typeof payload === 'string' ? payload : new Uint8Array(payload),
  });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) as BatchResponse, headers: response.headers };
}

export async function getJson<T>(collector: Collector, path: string): Promise<{ status: number; json: T }> {
  const response = await fetch(`${collector.url}${path}`);
  return { status: response.status, json: (await response.json()) as T };
}

/** How many events are stored (optionally only those whose messageId starts with `prefix`). */
export async function countEvents(collector: Collector, prefix?: string): Promise<number> {
  const result =
    prefix === undefined
      ? await collector.db.query('SELECT count(*)::int AS n FROM events')
      : await collector.db.query('SELECT count(*)::int AS n FROM events WHERE message_id LIKE $1', [`${prefix}%`]);
  return Number(result.rows[0]?.n);
}

/** Counts per messageId among the stored events whose id starts with `prefix`. */
export async function storedIds(collector: Collector, prefix: string): Promise<string[]> {
  const result = await collector.db.query('SELECT message_id FROM events WHERE message_id LIKE $1 ORDER BY message_id', [`${prefix}%`]);
  return result.rows.map((row) => String(row.message_id));
}
