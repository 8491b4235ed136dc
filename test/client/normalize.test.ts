import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkEventName, normalizeJson, normalizeObject, redactor, utf8Length, REDACTED, type NormalizeIssue } from '../../src/client/normalize';

function normalize(input: unknown, redact?: (key: string) => boolean) {
  const issues: NormalizeIssue[] = [];
  const value = normalizeObject(input, issues, redact);
  return { value, issues };
}

describe('normalizeObject', () => {
  it('keeps plain JSON as it is', () => {
    const input = { a: 1, b: 'x', c: [true, null, { d: 2.5 }], e: {} };
    const { value, issues } = normalize(input);
    expect(value).toEqual(input);
    expect(value).not.toBe(input);
    expect(issues).toEqual([]);
  });

  it('turns Dates into ISO strings and BigInt into decimal strings', () => {
    const { value, issues } = normalize({ at: new Date(Date.UTC(2026, 0, 2)), big: 12345678901234567890n });
    expect(value).toEqual({ at: '2026-01-02T00:00:00.000Z', big: '12345678901234567890' });
    expect(issues).toEqual([]);
  });

  it('replaces NaN and Infinity by null and reports where', () => {
    const { value, issues } = normalize({ a: NaN, b: { c: -Infinity } });
    expect(value).toEqual({ a: null, b: { c: null } });
    expect(issues.map((i) => i.path)).toEqual(['properties.a', 'properties.b.c']);
  });

  it('drops functions, symbols and undefined, reporting the first two', () => {
    const { value, issues } = normalize({ f: () => 1, s: Symbol('x'), u: undefined, ok: 1 });
    expect(value).toEqual({ ok: 1 });
    expect(issues.map((i) => i.path)).toEqual(['properties.f', 'properties.s']);
  });

  it('drops circular references and keeps shared (non-circular) ones', () => {
    const shared = { n: 1 };
    const loop: Record<string, unknown> = { name: 'loop', shared, again: shared };
    loop.self = loop;
    const { value, issues } = normalize(loop);
    expect(value).toEqual({ name: 'loop', shared: { n: 1 }, again: { n: 1 } });
    expect(issues).toEqual([{ path: 'properties.self', problem: 'circular reference; dropped' }]);
  });

  it('converts Map, Set, typed arrays, Errors and objects with toJSON', () => {
    const { value } = normalize({
      map: new Map<unknown, unknown>([['k', 1], [2, 'two']]),
      set: new Set([1, 2]),
      bytes: new Uint8Array([1, 2]),
      error: new RangeError('bad'),
      custom: { toJSON: () => ({ x: 1 }) },
    });
    expect(value).toEqual({
      map: { k: 1, '2': 'two' },
      set: [1, 2],
      bytes: [1, 2],
      error: { name: 'RangeError', message: 'bad' },
      custom: { x: 1 },
    });
  });

  it('drops prototype-pollution keys', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1, "ok": 2}');
    const { value, issues } = normalize(input);
    expect(value).toEqual({ ok: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(issues).toHaveLength(2);
  });

  it('cuts nesting past 16 levels', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 30; i++) deep = { d: deep };
    const { value, issues } = normalize(deep);
    expect(JSON.stringify(value).split('"d"').length - 1).toBeLessThanOrEqual(16);
    expect(issues[0]?.problem).toMatch(/deeper than 16/);
  });

  it('survives getters that throw', () => {
    const hostile = Object.defineProperty({ ok: 1 }, 'boom', { enumerable: true, get: () => { throw new Error('nope'); } });
    const { value, issues } = normalize(hostile);
    expect(value).toEqual({ ok: 1 });
    expect(issues[0]?.path).toBe('properties.boom');
  });

  it('ignores a non-object argument with a report', () => {
    expect(normalize('text')).toEqual({ value: {}, issues: [{ path: 'properties', problem: 'expected an object, got a string; ignored' }] });
    expect(normalize([1, 2]).value).toEqual({});
    expect(normalize(undefined)).toEqual({ value: {}, issues: [] });
  });

  it('redacts by name (case-insensitive) and by pattern, at any depth', () => {
    const isRedacted = redactor(['Email', /^card/]);
    const { value } = normalize({ email: 'a@b.c', nested: { cardNumber: '4111', ok: 1 } }, isRedacted);
    expect(value).toEqual({ email: REDACTED, nested: { cardNumber: REDACTED, ok: 1 } });
  });

  it('never throws and always yields JSON that round-trips, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true, withBoxedValues: true }), (input) => {
        const { value } = normalize({ input });
        const text = JSON.stringify(value);
        expect(JSON.parse(text)).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('measures the JSON size of what it builds, exactly, whatever the input', () => {
    const isRedacted = redactor(['secret']);
    const text = fc.string({ unit: 'binary' });
    const value = fc.anything({
      key: fc.oneof(text, fc.constant('secret'), fc.constant('__proto__')),
      values: [text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.bigInt()],
      withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true, withBoxedValues: true,
    });
    fc.assert(
      fc.property(value, (input) => {
        const issues: NormalizeIssue[] = [];
        const { value: out, bytes } = normalizeJson({ input }, issues, isRedacted);
        expect(bytes).toBe(utf8Length(JSON.stringify(out)));
      }),
      { numRuns: 1000 },
    );
  });

  it('measures the size exactly where the path through the input is unusual', () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('no keys'); } });
    const cases: unknown[] = [
      { a: [1, { b: hostile }, 3], c: 'after' }, // a nested walk throws midway: its key goes, the rest stays
      { m: new Map<unknown, unknown>([[2, 'two'], ['2', 'deux'], ['x', 1]]) }, // two keys, one member
      { e: new Error('boom'), d: new Date(0), bad: new Date(NaN), n: -0, big: 10n, inf: Infinity },
      { t: { toJSON: () => 'text' }, self: { toJSON() { return this; } }, u: [undefined, () => 1] },
      { s: '\u2028\u0000\u007f"\\\ud800\udc00\udc00é€' },
    ];
    for (const input of cases) {
      const issues: NormalizeIssue[] = [];
      const { value, bytes } = normalizeJson(input, issues);
      expect(bytes).toBe(utf8Length(JSON.stringify(value)));
    }
    // An array whose length throws: the error crosses the array's walk up to the key that holds it.
    const unreadable = new Proxy([], { get: () => { throw new Error('no length'); } });
    const issues: NormalizeIssue[] = [];
    const { value } = normalizeJson({ a: [1, { b: hostile }, unreadable], f: () => 1 }, issues);
    expect(value).toEqual({});
    expect(issues.map((i) => i.path)).toEqual(['properties.a[1].b', 'properties.a[2]', 'properties.f']);
  });
});

describe('checkEventName', () => {
  it('accepts and trims a normal name', () => {
    expect(checkEventName('  add_to_cart ')).toEqual({ name: 'add_to_cart' });
  });
  it.each([[''], ['   '], [42], [null], [undefined], [{}], ['x'.repeat(201)]])('rejects %j', (name) => {
    expect(checkEventName(name)).toHaveProperty('problem');
  });
});

describe('utf8Length', () => {
  it('matches TextEncoder for long texts too (the path without the reused buffer)', () => {
    const text = 'a€😀\u00e9'.repeat(40_000) + '\ud800';
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
  });

  it('works where TextEncoder has no encodeInto (Safari before 14.1)', () => {
    const encodeInto = Object.getOwnPropertyDescriptor(TextEncoder.prototype, 'encodeInto')!;
    delete (TextEncoder.prototype as { encodeInto?: unknown }).encodeInto;
    try {
      expect(utf8Length('a€😀é')).toBe(10);
    } finally {
      Object.defineProperty(TextEncoder.prototype, 'encodeInto', encodeInto);
    }
  });

  it('matches TextEncoder for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }));
  });
});
