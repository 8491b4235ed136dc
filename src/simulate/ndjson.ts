/**
 * Newline-delimited JSON, read as it streams: one event a line, blank lines ignored. A line
 * that is not JSON stops the read with a {@link SimulateInputError} naming the line.
 */

/**
 * A recorded event the simulator cannot read, with the line (or position) it came from.
 *
 * @example
 * ```ts
 * try { await simulateFile(); } catch (e) { if (e instanceof SimulateInputError) console.error(`line ${e.line}: ${e.message}`); }
 * ```
 */
export class SimulateInputError extends Error {
  override readonly name = 'SimulateInputError';
  /** 1-based line (NDJSON, CSV) or position (an array of events). */
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

/** Text or bytes, as a file stream or `fetch` body gives them. */
export type Chunks = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/**
 * Splits chunks into lines, keeping count; the last line may lack its newline.
 *
 * @example
 * ```ts
 * for await (const { line, text } of readLines(createReadStream('events.ndjson'))) console.log(line, text);
 * ```
 */
export async function* readLines(chunks: Chunks): AsyncGenerator<{ line: number; text: string }> {
  const decoder = new TextDecoder();
  let rest = '';
  let line = 0;
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      line++;
      yield { line, text: text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end) };
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest !== '') yield { line: line + 1, text: rest };
}

/**
 * Reads NDJSON: yields each line's value with its line number.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * for await (const { line, value } of readNdjson(createReadStream('export.ndjson'))) sim.push(value);
 * ```
 */
export async function* readNdjson(chunks: Chunks): AsyncGenerator<{ line: number; value: unknown }> {
  for await (const { line, text } of readLines(chunks)) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new SimulateInputError(line, `malformed JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    yield { line, value };
  }
}
