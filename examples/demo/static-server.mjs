/**
 * The demo's static server: the page under a strict Content-Security-Policy (no inline
 * script or style anywhere), the IIFE bundles from dist/, `/config.js`, which tells the
 * page where the collector is, and the few routes the demo adds (`routes`). A classic script from 'self' is the one way to hand the
 * page its settings that the CSP allows without a round trip.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve, sep } from 'node:path';

/** The policy the demo page is served with. Delivery goes to the collector on another loopback port. */
export const DEMO_CSP = "default-src 'self'; connect-src 'self' http://127.0.0.1:*; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/** What the bundle loads on demand from beside its own URL (see scripts/rollup-script-parts.mjs). */
const PART = /^\/nudgekit\.part\.[\w.-]+\.min\.mjs$/;

/**
 * @typedef {object} StaticServerOptions
 * @property {string} publicDir the folder served at `/`
 * @property {string} bundlePath the file served at `/nudgekit.iife.min.js`; its parts (`nudgekit.part.*.min.mjs`) are served from its folder
 * @property {Record<string, string>} [scripts] more files from outside public/, by URL path (the add-on bundles)
 * @property {Record<string, Route>} [routes] handlers by URL path, for any method (GET and HEAD only elsewhere)
 * @property {Record<string, unknown>} config serialised into `/config.js` as `window.nudgeDemoConfig`
 * @property {number} [port] 0 picks a free port
 * @property {string} [host] default 127.0.0.1
 */

/**
 * @callback Route
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Record<string, string>} headers the security headers every response carries
 * @returns {void | Promise<void>}
 */

/**
 * Starts the static server.
 *
 * @example
 * ```js
 * const server = await startStaticServer({ publicDir, bundlePath, config: { endpoint } });
 * console.log(server.url);
 * await server.close();
 * ```
 * @param {StaticServerOptions} options
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startStaticServer({ publicDir, bundlePath, scripts = {}, routes = {}, config, port = 0, host = '127.0.0.1' }) {
  const root = resolve(publicDir);
  const configScript = `window.nudgeDemoConfig = Object.freeze(${JSON.stringify(config)});\n`;

  const server = createServer(async (req, res) => {
    const headers = {
      'Content-Security-Policy': DEMO_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      // Always fresh: after `npm run build` a reload must pick up the new bundle.
      'Cache-Control': 'no-store',
    };
    let path = '';
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://demo.invalid').pathname);
    } catch {
      return send(res, 400, headers, 'text/plain; charset=utf-8', 'malformed URL');
    }
    if (Object.hasOwn(routes, path)) return routes[path](req, res, headers);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    try {
      if (path === '/config.js') return send(res, 200, headers, TYPES['.js'], configScript);
      if (path === '/nudgekit.iife.min.js') return send(res, 200, headers, TYPES['.js'], await readFile(bundlePath));
      if (PART.test(path)) return send(res, 200, headers, TYPES['.mjs'], await readFile(resolve(dirname(bundlePath), path.slice(1))));
      if (Object.hasOwn(scripts, path)) return send(res, 200, headers, TYPES['.js'], await readFile(scripts[path]));
      if (path === '/favicon.ico') return void res.writeHead(204, headers).end();
      const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
      // Never serve anything outside public/ (`/../start.mjs`, encoded or not).
      if (!file.startsWith(root + sep)) return send(res, 404, headers, 'text/plain', 'not found');
      const type = TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? 'application/octet-stream';
      return send(res, 200, headers, type, await readFile(file));
    } catch (err) {
      const missing = /** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT' || /** @type {NodeJS.ErrnoException} */ (err).code === 'EISDIR';
      if (!missing) console.error('demo: cannot serve', path, err);
      return send(res, missing ? 404 : 500, headers, 'text/plain; charset=utf-8', missing ? 'not found' : 'internal error');
    }
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done(undefined));
      }),
  };
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {Record<string, string>} headers
 * @param {string} type
 * @param {string | Buffer} body
 */
export function send(res, status, headers, type, body) {
  res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
