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
 * Reads NDJSON in batches: yields the values of a chunk's complete lines, with their line
 * numbers, a few hundred at a time. The same values as {@link readNdjson}, for a reader
 * that wants speed: one step of async iteration per few hundred lines rather than per line,
 * which cost about half a microsecond a line (parsing one costs about 2). A malformed line
 * stops the read after the values before it.
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

/** Most values in one batch of {@link readNdjsonBatches}. */
const BATCH = 256;

/** Yields `map(text, line)` for each line it does not map to `undefined`. */
async function* mapLines<T>(chunks: Chunks, map: (text: string, line: number) => T | undefined): AsyncGenerator<T> {
  for await (const batch of lineBatches(chunks, map)) for (const item of batch) yield item;
}

/**
 * Yields `map(text, line)` of each chunk's complete lines (those `map` gives `undefined` left
 * out) in batches of at most {@link BATCH}. Should `map` throw, what it mapped before is
 * yielded first.
 */
async function* lineBatches<T>(chunks: Chunks, map: (text: string, line: number) => T | undefined): AsyncGenerator<T[]> {
  const decoder = new TextDecoder();
  let rest = '';
  let line = 0;
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    let batch: T[] = [];
    let start = 0;
    let failure: { error: unknown } | undefined;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      line++;
      let mapped: T | undefined;
      try {
        mapped = map(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end), line);
      } catch (error) {
        failure = { error };
        break;
      }
      start = end + 1;
      if (mapped === undefined) continue;
      batch.push(mapped);
      // Small batches: values parsed long before they are replayed outlive the young
      // generation, and collecting them later cost more than the replay's own garbage.
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    if (failure) throw failure.error;
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest !== '') {
    const mapped = map(rest, line + 1);
    if (mapped !== undefined) yield [mapped];
  }
}
