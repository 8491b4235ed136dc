/** The most of a response body NudgeKit ever reads: enough for an error message, never a 300 MB answer. */
export const BODY_PREFIX_BYTES = 65_536;

/** How long reading an error body may take after its headers arrived (ms): a trickling body must not hold the status back. */
export const BODY_PREFIX_WAIT_MS = 1000;

/**
 * Reads at most `maxBytes` of a response body, for at most `maxMs`, then cancels the stream,
 * so neither a huge nor a trickling body costs memory or time. Never rejects: what could be
 * read is returned (as text, possibly cut mid-character), else `''`.
 *
 * @example
 * ```ts
 * const text = await readPrefix(response, BODY_PREFIX_BYTES, BODY_PREFIX_WAIT_MS);
 * ```
 */
export async function readPrefix(response: Response, maxBytes: number, maxMs: number): Promise<string> {
  const decoder = new TextDecoder();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let text = '';
  let length = 0;
  // Cancelling the reader ends a pending read() (done: true), which ends the loop.
  const stop = () => void reader?.cancel().catch(() => undefined);
  const timer = setTimeout(stop, maxMs);
  try {
    reader = response.body!.getReader();
    for (let chunk; length < maxBytes && !(chunk = await reader.read()).done; ) {
      const piece = chunk.value.subarray(0, maxBytes - length);
      length += piece.byteLength;
      text += decoder.decode(piece, { stream: true });
    }
  } catch {
    // No body, a body already used, an abort (timeoutMs) or a broken connection: keep what arrived.
  }
  clearTimeout(timer);
  stop();
  return text;
}

/** Lets go of a body without reading it; Node closes the connection instead of downloading the rest. */
export function discardBody(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}
