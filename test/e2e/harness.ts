/**
 * Shared tools for the e2e tests: real Chromium (Debian's, driven by Playwright),
 * a real HTTP server on 127.0.0.1, and an in-memory bundler so a test page can load
 * any TypeScript entry as one classic script (no inline script: it works under a strict CSP).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright';
import { rolldown } from 'rolldown';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = resolve(ROOT, 'test-results/screenshots');

/** Launches headless Debian Chromium with the flags this network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Where a test saves its screenshots (created on demand). */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return resolve(SCREENSHOTS, `${name}.png`);
}

const bundleCache = new Map<string, Promise<string>>();

/**
 * Bundles a TypeScript entry (path relative to the repository root) into one IIFE
 * script. The entry's exports land on `window[globalName]`.
 */
export function bundle(entry: string, globalName = 'Entry'): Promise<string> {
  const key = `${entry}#${globalName}`;
  let cached = bundleCache.get(key);
  if (!cached) {
    cached = (async () => {
      const build = await rolldown({ input: resolve(ROOT, entry), platform: 'browser', logLevel: 'silent' });
      const { output } = await build.generate({ format: 'iife', name: globalName });
      await build.close();
      return output[0].code;
    })();
    bundleCache.set(key, cached);
  }
  return cached;
}

/** What a route answers. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A request the server saw, with its body read. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 with a free port. `handle` answers each
 * request (after its body is read); return `undefined` for a 404, or `'destroy'`
 * to drop the connection.
 */
export async function startServer(
  handle: (request: SeenRequest, response: ServerResponse) => Reply | 'destroy' | undefined | Promise<Reply | 'destroy' | undefined>,
): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const seen: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(seen);
      try {
        const reply = await handle(seen, res);
        if (res.writableEnded || res.headersSent) return;
        if (reply === 'destroy') {
          req.socket.destroy();
          return;
        }
        if (!reply) {
          res.writeHead(404).end('not found');
          return;
        }
        res.writeHead(reply.status ?? 200, reply.headers ?? {});
        res.end(reply.body ?? '');
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A minimal HTML page that loads scripts by URL (never inline, so a strict CSP allows it). */
export function htmlPage(scripts: string[], body = ''): string {
  const tags = scripts.map((src) => `<script src="${src}"></script>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>NudgeKit test</title></head><body><main>${body}</main>${tags}</body></html>`;
}

/** Path -> [content type, body], as {@link serveFiles} serves them. */
export type StaticFiles = Record<string, [type: string, body: string | Buffer]>;

/** Serves `files` on 127.0.0.1, each with the given Content-Security-Policy; anything else is a 404. */
export function serveFiles(files: StaticFiles, csp: string): Promise<TestServer> {
  return startServer((request) => {
    const file = files[new URL(request.url, 'http://x').pathname];
    if (!file) return undefined;
    return { headers: { 'Content-Type': `${file[0]}; charset=utf-8`, 'Content-Security-Policy': csp }, body: file[1] };
  });
}

/**
 * The script files' parts (dist/nudgekit.part.*.min.mjs, what a script loads on demand from
 * beside its own URL), served under `prefix`, the folder the page loads the scripts from.
 */
export function distParts(prefix = '/dist/'): StaticFiles {
  const parts: StaticFiles = {};
  for (const name of readdirSync(resolve(ROOT, 'dist'))) {
    if (name.startsWith('nudgekit.part.')) parts[`${prefix}${name}`] = ['text/javascript', readFileSync(resolve(ROOT, 'dist', name))];
  }
  return parts;
}
