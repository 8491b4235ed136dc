/**
 * The replay reads recorded timestamps digit by digit when they have `toISOString()`'s form:
 * it must give exactly what `Date.parse` gives, for every instant and for malformed text.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTimestamp } from '../../src/simulate/recorded';

describe('parseTimestamp', () => {
  it('agrees with Date.parse on every instant written by toISOString', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(0, 0, 1) - 1e12, max: Date.UTC(9999, 11, 31) }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(parseTimestamp(text)).toBe(Date.parse(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with Date.parse on other forms and on malformed text', () => {
    const texts = [
      '2026-02-29T10:00:00.000Z', '2024-02-29T10:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-13-01T00:00:00.000Z',
      '2026-00-10T00:00:00.000Z', '2026-01-10T24:00:00.000Z', '2026-01-10T23:60:00.000Z', '2026-01-10T23:59:60.000Z',
      '0050-01-10T10:00:00.000Z', '2026-01-10 10:00:00.000Z', '2026-01-10T10:00:00.000+', '2026-01-10T1a:00:00.000Z',
      '2026-01-10T10:00:00Z', '2026-01-10T10:00:00.000+01:00', '2026-01-10', 'not a date', '', '2026/01/10T10:00:00.000Z',
    ];
    for (const text of texts) expect([text, parseTimestamp(text)]).toEqual([text, Date.parse(text)]);
  });

  it('agrees with Date.parse on such text with one character changed', () => {
    const chars = fc.constantFrom(...'0123456789-:.TZ+ x'.split(''));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) }), fc.integer({ min: 0, max: 23 }), chars, (ms, at, char) => {
        const iso = new Date(ms).toISOString();
        const text = iso.slice(0, at) + char + iso.slice(at + 1);
        expect(Object.is(parseTimestamp(text), Date.parse(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
