import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonNumberBytes, jsonStringBytes } from '../../src/client/json-size';
import { utf8Length } from '../../src/client/normalize';

describe('JSON sizes without serialising', () => {
  it('sizes any string as its JSON text in UTF-8: escapes, multi-byte characters, lone surrogates', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(jsonStringBytes(text)).toBe(utf8Length(JSON.stringify(text)));
    }), { numRuns: 2000 });
    for (let c = 0; c < 0x80; c++) expect(jsonStringBytes(String.fromCharCode(c))).toBe(JSON.stringify(String.fromCharCode(c)).length);
    for (const text of ['\ud800', '\udc00', '\ud800\udc00', '\udc00\ud800', 'a\ud83d', '\u2028\u2029', '€', '😀']) {
      expect(jsonStringBytes(text)).toBe(utf8Length(JSON.stringify(text)));
    }
  });

  it('sizes any finite number as JSON.stringify prints it', () => {
    // Short decimals take the counted path, like prices: 19.99, 0.05, -1234.5678.
    const decimal = fc.tuple(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), fc.integer({ min: 0, max: 6 })).map(([m, k]) => m / 10 ** k);
    fc.assert(fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), decimal, fc.integer(), fc.maxSafeInteger(), fc.maxSafeNat()), (n) => {
      expect(jsonNumberBytes(n)).toBe(JSON.stringify(n).length);
    }), { numRuns: 5000 });
    const edges = [0, -0, 9, 10, -10, 99, 100, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, 1e-7, 0.1, -1.5e300, 5e-324, 0.1 + 0.2, 9.9999, 9.99995, 0.00005, 0.0001, 0.00015, 99999999999.9999, 1e11 - 0.5, 0.5, 1.005, 2.675];
    for (let i = 1; i < 10_000; i++) edges.push(i / 100, i / 1000 + 0.0001, -i / 10);
    for (const n of edges) {
      expect(jsonNumberBytes(n)).toBe(JSON.stringify(n).length);
    }
  });
});
