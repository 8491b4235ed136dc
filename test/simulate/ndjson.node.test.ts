/**
 * Reading NDJSON as it streams: values with their line numbers, whatever the chunking, blank
 * lines and CRLF endings skipped over, and a malformed line named by its number.
 */
import { describe, expect, it } from 'vitest';
import { readLines, readNdjson, readNdjsonBatches, SimulateInputError } from '../../src/simulate/ndjson';

async function all<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** `text` as UTF-8 bytes cut every `size` bytes (through multi-byte characters too). */
function chunked(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const TEXT = '{"a":1}\r\n\n  \n{"b":"é→😀"}\n{"c":[1,2]}';

describe('readNdjson', () => {
  it('yields each value with its line, for every chunk size, skipping blank lines', async () => {
    const expected = [
      { line: 1, value: { a: 1 } },
      { line: 4, value: { b: 'é→😀' } },
      { line: 5, value: { c: [1, 2] } },
    ];
    for (const size of [1, 2, 3, 5, 7, 64]) expect(await all(readNdjson(chunked(TEXT, size)))).toEqual(expected);
    expect(await all(readNdjson([TEXT]))).toEqual(expected);
    expect(await all(readNdjson([`${TEXT}\n`]))).toEqual(expected);
  });

  it('stops at a malformed line with its number, after the lines before it', async () => {
    const seen: number[] = [];
    const error = await (async () => {
      try {
        for await (const { line } of readNdjson(['{"a":1}\n\n{"a":\n{"b":2}\n'])) seen.push(line);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(seen).toEqual([1]);
    expect(error).toBeInstanceOf(SimulateInputError);
    expect((error as SimulateInputError).line).toBe(3);
  });
});

describe('readNdjsonBatches', () => {
  it('yields the values readNdjson yields, a chunk at a time', async () => {
    for (const size of [1, 4, 9, 64]) {
      const batches = await all(readNdjsonBatches(chunked(TEXT, size)));
      expect(batches.flat()).toEqual(await all(readNdjson(chunked(TEXT, size))));
      expect(batches.every((batch) => batch.length > 0)).toBe(true);
    }
    expect(await all(readNdjsonBatches([TEXT]))).toHaveLength(2); // the complete lines, then the last one
  });

  it('yields a large chunk in batches of a few hundred, in order', async () => {
    const text = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ i })).join('\n');
    const batches = await all(readNdjsonBatches([text]));
    expect(batches.length).toBeGreaterThan(2);
    expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(256);
    expect(batches.flat().map(({ line, value }) => [line, (value as { i: number }).i])).toEqual(Array.from({ length: 1000 }, (_, i) => [i + 1, i]));
  });

  it('yields the values before a malformed line, then stops with its number', async () => {
    const seen: number[] = [];
    let error: unknown;
    try {
      for await (const batch of readNdjsonBatches(['{"a":1}\n{"a":2}\n{"a":\n{"b":2}\n'])) for (const { line } of batch) seen.push(line);
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual([1, 2]);
    expect((error as SimulateInputError).line).toBe(3);
  });
});

describe('readLines', () => {
  it('yields every line, blank ones too, without its line ending', async () => {
    expect(await all(readLines(chunked(TEXT, 3)))).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '' },
      { line: 3, text: '  ' },
      { line: 4, text: '{"b":"é→😀"}' },
      { line: 5, text: '{"c":[1,2]}' },
    ]);
  });
});
