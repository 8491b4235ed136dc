import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonNumberBytes, jsonStringBytes } from '../../src/core/json-size';
import { utf8Length } from '../../src/core/normalize';

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
    fc.assert(fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.maxSafeInteger(), fc.maxSafeNat()), (n) => {
      expect(jsonNumberBytes(n)).toBe(JSON.stringify(n).length);
    }), { numRuns: 2000 });
    for (const n of [0, -0, 9, 10, -10, 99, 100, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, 1e-7, 0.1, -1.5e300, 5e-324]) {
      expect(jsonNumberBytes(n)).toBe(JSON.stringify(n).length);
    }
  });
});
