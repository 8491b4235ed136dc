/**
 * The demo's static server: every answer carries the strict CSP, nothing outside public/
 * is ever served, and the page gets its settings from /config.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CSP, startStaticServer } from './static-server.mjs';

const temp = mkdtempSync(join(tmpdir(), 'nudgekit-static-'));
const publicDir = join(temp, 'public');
let server: { url: string; close(): Promise<void> };

/** A raw GET, so paths like `/../x` reach the server unnormalised (fetch would resolve them). */
function get(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  mkdirSync(publicDir);
  writeFileSync(join(publicDir, 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(publicDir, 'demo.js'), 'void 0;');
  writeFileSync(join(temp, 'secret.txt'), 'outside public');
  writeFileSync(join(temp, 'bundle.js'), 'window.NudgeKit = {};');
  server = await startStaticServer({
    publicDir,
    bundlePath: join(temp, 'bundle.js'),
    config: { endpoint: 'http://127.0.0.1:1/v1/batch', note: '</script><script>alert(1)</script>' },
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('the demo static server', () => {
  it('serves the page, the bundle and the config, each under the strict CSP', async () => {
    for (const [path, type, body] of [
      ['/', 'text/html', '<title>demo</title>'],
      ['/demo.js', 'text/javascript', 'void 0;'],
      ['/nudgekit.iife.min.js', 'text/javascript', 'window.NudgeKit'],
      ['/config.js', 'text/javascript', 'window.nudgeDemoConfig = Object.freeze('],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toContain(type);
      expect(res.headers['content-security-policy'], path).toBe(DEMO_CSP);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      expect(res.body, path).toContain(body);
    }
    expect(DEMO_CSP).not.toContain('unsafe-inline');
  });

  it('puts the config into /config.js as JSON data, not as code', async () => {
    const { body } = await get('/config.js');
    const json = body.slice(body.indexOf('(') + 1, body.lastIndexOf(')'));
    expect(JSON.parse(json)).toEqual({ endpoint: 'http://127.0.0.1:1/v1/batch', note: '</script><script>alert(1)</script>' });
  });

  it('never serves a file outside public/, however the path is spelled', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/public/../../secret.txt', '/nope.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('outside public');
      expect(res.headers['content-security-policy'], path).toBe(DEMO_CSP);
    }
  });

  it('answers a malformed path with 400 and anything but GET or HEAD with 405, and keeps running', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/', 'POST')).status).toBe(405);
    expect((await get('/', 'HEAD')).status).toBe(200);
    expect((await get('/')).status).toBe(200);
  });
});
