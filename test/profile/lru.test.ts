import { expect, it } from 'vitest';
import fc from 'fast-check';
import { createLru } from '../../src/profile/lru';

it('behaves like a reference LRU under arbitrary touches and inserts', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(fc.boolean(), fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', '__proto__')), { maxLength: 60 }), (max, ops) => {
      const lru = createLru<number>(max);
      const model: string[] = []; // oldest first
      ops.forEach(([insert, key], i) => {
        if (insert) {
          lru.insert(key, i);
          model.splice(model.indexOf(key) >>> 0, model.includes(key) ? 1 : 0);
          model.push(key);
          if (model.length > max) model.shift();
        } else {
          const found = lru.touch(key) !== undefined;
          expect(found).toBe(model.includes(key));
          if (found) model.push(...model.splice(model.indexOf(key), 1));
        }
        expect([...lru.entries()].map(([k]) => k)).toEqual(model);
        expect(Object.keys(lru.view).sort()).toEqual([...model].sort());
        expect(lru.size).toBe(model.length);
      });
    }),
  );
});
