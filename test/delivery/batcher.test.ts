import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ENVELOPE_BYTES, chunkByBytes, takeBatch } from '../../src/delivery/batcher';

const items = (sizes: number[]) => sizes.map((bytes, i) => ({ bytes, i }));

describe('takeBatch', () => {
  it('stops at maxEvents', () => {
    expect(takeBatch(items(Array(120).fill(100)), { maxEvents: 50, maxBytes: 1e9 })).toHaveLength(50);
  });
  it('stops before maxBytes would be passed', () => {
    const batch = takeBatch(items([400, 400, 400]), { maxEvents: 50, maxBytes: ENVELOPE_BYTES + 802 });
    expect(batch.map((x) => x.i)).toEqual([0, 1]);
  });
  it('always takes the first item, even an oversized one', () => {
    expect(takeBatch(items([10_000, 1]), { maxEvents: 50, maxBytes: 1000 })).toHaveLength(1);
  });
  it('takes a prefix within both limits (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 200 }), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1000, max: 100_000 }), (sizes, maxEvents, maxBytes) => {
        const list = items(sizes);
        const batch = takeBatch(list, { maxEvents, maxBytes });
        expect(batch).toEqual(list.slice(0, batch.length));
        if (list.length > 0) expect(batch.length).toBeGreaterThan(0);
        expect(batch.length).toBeLessThanOrEqual(maxEvents);
        if (batch.length > 1) expect(batch.reduce((s, x) => s + x.bytes + 1, ENVELOPE_BYTES)).toBeLessThanOrEqual(maxBytes);
      }),
    );
  });
});

describe('chunkByBytes', () => {
  it('keeps order, respects the byte limit and leaves out items too big on their own', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 30_000 }), { maxLength: 100 }), (sizes) => {
        const list = items(sizes);
        const chunks = chunkByBytes(list, 60_000, 50);
        const flat = chunks.flat();
        expect(flat).toEqual(list.filter((x) => x.bytes + ENVELOPE_BYTES + 1 <= 60_000));
        for (const chunk of chunks) {
          expect(chunk.length).toBeGreaterThan(0);
          expect(chunk.length).toBeLessThanOrEqual(50);
          expect(chunk.reduce((s, x) => s + x.bytes + 1, ENVELOPE_BYTES)).toBeLessThanOrEqual(60_000);
        }
      }),
    );
  });
});
