import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/core/types';
import { harness } from './helpers';

describe('computed attribute outputs must be JSON', () => {
  // What each reducer returns on the second event; the first returns a good value.
  const bad: [string, unknown][] = [
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['a Date', new Date(0)],
    ['NaN inside an object', { total: Number.NaN }],
    ['a Map', new Map()],
    ['a function inside an array', [1, () => 2]],
  ];

  it.each(bad)('keeps the previous value and reports invalid_property when a reducer returns %s', (_label, output) => {
    let calls = 0;
    const h = harness({ computed: { score: { on: 'x', reduce: () => (++calls === 1 ? { ok: 1 } : output) as JsonValue, initial: null } } });
    h.track('x');
    h.track('x');
    expect(h.engine.current().computed.score).toEqual({ ok: 1 });
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatchObject({ code: 'invalid_property', details: { attribute: 'score' } });
    expect(h.errors[0]!.message).toMatch(/"score" returned no JSON/);
  });

  it('so a value survives save and restore unchanged', () => {
    let next: unknown = 7;
    const computed = { v: { on: 'x', reduce: () => next as JsonValue, initial: 0 } };
    const h = harness({ computed });
    h.track('x');
    next = Number.NaN;
    h.track('x');
    const before = h.engine.attributes().computed;
    expect(before).toEqual({ v: 7 });
    const copy = harness({ computed });
    copy.engine.restore(JSON.parse(JSON.stringify(h.engine.serialize())));
    expect(copy.engine.attributes().computed).toEqual(before);
  });

  it('accepts every JSON value, null and nested ones included', () => {
    const outputs: JsonValue[] = [null, 0, -1.5, 'text', true, [1, [2, { a: null }]], { a: { b: ['c'] } }];
    let i = 0;
    const h = harness({ computed: { v: { on: 'x', reduce: () => outputs[i++]!, initial: 0 } } });
    for (const output of outputs) {
      h.track('x');
      expect(h.engine.attributes().computed).toEqual({ v: output });
    }
    expect(h.errors).toHaveLength(0);
  });
});
