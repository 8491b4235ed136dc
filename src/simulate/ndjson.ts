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
export function readLines(chunks: Chunks): AsyncGenerator<{ line: number; text: string }> {
  return mapLines(chunks, (text, line) => ({ line, text }));
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
export function readNdjson(chunks: Chunks): AsyncGenerator<{ line: number; value: unknown }> {
  return mapLines(chunks, parseLine);
}

function parseLine(text: string, line: number): { line: number; value: unknown } | undefined {
  // Most lines start with `{`: only others may be blank.
  if (text.charCodeAt(0) !== 123 && text.trim() === '') return undefined;
  try {
    return { line, value: JSON.parse(text) };
  } catch (error) {
    throw new SimulateInputError(line, `malformed JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Reads NDJSON a chunk at a time: yields the values of each chunk's complete lines, with
 * their line numbers, in one array. The same values as {@link readNdjson}, for a reader
 * that wants speed: one step of async iteration per chunk rather than per line, which cost
 * about a microsecond a line, half as much as parsing it. A malformed line stops the read
 * after the values before it.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * for await (const batch of readNdjsonBatches(createReadStream('export.ndjson'))) for (const { value } of batch) sim.push(value);
 * ```
 */
export function readNdjsonBatches(chunks: Chunks): AsyncGenerator<Array<{ line: number; value: unknown }>> {
  return lineBatches(chunks, parseLine);
}

/** Yields `map(text, line)` for each line it does not map to `undefined`. */
async function* mapLines<T>(chunks: Chunks, map: (text: string, line: number) => T | undefined): AsyncGenerator<T> {
  for await (const batch of lineBatches(chunks, map)) for (const item of batch) yield item;
}

/**
 * Yields, per chunk, `map(text, line)` of its complete lines (those `map` gives `undefined`
 * left out). Should `map` throw, what it mapped before is yielded first.
 */
async function* lineBatches<T>(chunks: Chunks, map: (text: string, line: number) => T | undefined): AsyncGenerator<T[]> {
  const decoder = new TextDecoder();
  let rest = '';
  let line = 0;
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    const batch: T[] = [];
    let start = 0;
    try {
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        line++;
        const mapped = map(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end), line);
        start = end + 1;
        if (mapped !== undefined) batch.push(mapped);
      }
    } catch (error) {
      if (batch.length > 0) yield batch;
      throw error;
    }
    rest = text.slice(start);
    if (batch.length > 0) yield batch;
  }
  rest += decoder.decode();
  if (rest !== '') {
    const mapped = map(rest, line + 1);
    if (mapped !== undefined) yield [mapped];
  }
}
