/**
 * Reads a request body with a hard size limit, inflating gzip on the way. The limit
 * applies to the inflated bytes too, so a small gzip bomb is refused as soon as it
 * grows past the limit instead of filling memory.
 */
import { createGunzip } from 'node:zlib';

/**
 * @typedef {{ ok: true, text: string, bytes: number } | { ok: false, status: 400 | 413 | 415, error: string }} BodyResult
 */

/**
 * Reads the whole body of `req` as UTF-8 text.
 *
 * @example
 * ```js
 * const body = await readBody(req, 512 * 1024);
 * if (!body.ok) return sendJson(res, body.status, { success: false, error: body.error });
 * ```
 * @param {import('node:http').IncomingMessage} req
 * @param {number} maxBytes
 * @returns {Promise<BodyResult>}
 */
export function readBody(req, maxBytes) {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    return Promise.resolve({ ok: false, status: 415, error: `Content-Encoding ${encoding} is not supported (use gzip or none)` });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.resolve(tooLarge(maxBytes));
  }
  /** @type {NodeJS.ReadableStream} */
  let source = req;
  if (encoding === 'gzip') {
    const gunzip = createGunzip();
    req.pipe(gunzip);
    source = gunzip;
  }
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let done = false;
    /** @param {BodyResult} result */
    const finish = (result) => {
      if (done) return;
      done = true;
      if (!result.ok && source !== req) {
        req.unpipe();
        /** @type {import('node:zlib').Gunzip} */ (source).destroy();
      }
      resolve(result);
    };
    source.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > maxBytes) return finish(tooLarge(maxBytes));
      chunks.push(chunk);
    });
    source.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8'), bytes: size }));
    source.on('error', (/** @type {Error} */ err) =>
      finish({ ok: false, status: 400, error: encoding === 'gzip' ? `body is not valid gzip: ${err.message}` : err.message }),
    );
    if (source !== req) req.on('error', () => finish({ ok: false, status: 400, error: 'the request was aborted' }));
    // A client that goes away mid-body may end the stream with neither 'end' nor 'error';
    // without this the handler would wait for ever and hold up close().
    req.once('close', () => {
      if (!req.complete) finish({ ok: false, status: 400, error: 'the request was aborted' });
    });
  });
}

/**
 * @param {number} maxBytes
 * @returns {BodyResult}
 */
function tooLarge(maxBytes) {
  return { ok: false, status: 413, error: `body is larger than ${maxBytes} bytes; send smaller batches` };
}
