/**
 * Gzips a request body with the platform's `CompressionStream` (browsers, Node ≥ 18).
 * Returns `undefined` where it is missing or fails, so the caller sends the text as it is.
 *
 * @example
 * ```ts
 * const bytes = await gzip('{"batch":[]}'); // Uint8Array, or undefined without CompressionStream
 * ```
 */
export async function gzip(text: string): Promise<Uint8Array | undefined> {
  if (typeof CompressionStream !== 'function' || typeof Blob !== 'function' || typeof Response !== 'function') return undefined;
  try {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return undefined;
  }
}
