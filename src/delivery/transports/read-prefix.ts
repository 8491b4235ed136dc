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
  const body = response.body;
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let length = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = body.getReader();
  } catch {
    return ''; // already read or locked
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Cancelling the reader ends a pending read() (done: true), which ends the loop below.
  const stop = () => void reader.cancel().catch(() => undefined);
  timer = setTimeout(stop, maxMs);
  try {
    while (length < maxBytes) {
      const { done, value } = await reader.read();
      if (done || !value) break;
      const room = maxBytes - length;
      const piece = value.byteLength > room ? value.subarray(0, room) : value;
      chunks.push(piece);
      length += piece.byteLength;
    }
  } catch {
    // Aborted (timeoutMs ran out) or the connection broke: keep what arrived.
  } finally {
    clearTimeout(timer);
    timer = undefined;
    stop();
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Lets go of a body without reading it; Node closes the connection instead of downloading the rest. */
export function discardBody(response: Response): void {
  try {
    void response.body?.cancel().catch(() => undefined);
  } catch {
    // A body already locked or used: nothing to let go of.
  }
}
