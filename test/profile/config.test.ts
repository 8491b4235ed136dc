import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError } from '../../src/core/errors';
import { validateComputed } from '../../src/profile';
import { createLocalDay } from '../../src/profile/local-day';

describe('validateComputed', () => {
  const reduce = (v: unknown) => v as number;

  it('accepts well-formed attributes', () => {
    expect(() => validateComputed(undefined)).not.toThrow();
    expect(() => validateComputed({ a: { on: 'x', reduce, initial: 0 }, b: { on: ['x', '*'], reduce, initial: { n: [1, 'two', null] } } })).not.toThrow();
  });

  it.each([
    [[], 'computed: expected an object of computed attributes'],
    [{ a: 1 }, 'computed.a: expected { on, reduce, initial }'],
    [{ a: { on: '', reduce, initial: 0 } }, 'computed.a.on: expected a non-empty event name'],
    [{ a: { on: [], reduce, initial: 0 } }, 'computed.a.on: expected an event name or a non-empty array of them'],
    [{ a: { on: ['x', 2], reduce, initial: 0 } }, 'computed.a.on[1]: expected a non-empty event name'],
    [{ a: { on: 'x', reduce: 'sum', initial: 0 } }, 'computed.a.reduce: expected a function (value, event) => value'],
    [{ a: { on: 'x', reduce } }, 'computed.a.initial: expected a JSON value'],
    [{ a: { on: 'x', reduce, initial: Number.NaN } }, 'computed.a.initial: expected a finite number'],
    [{ a: { on: 'x', reduce, initial: { d: new Date(0) } } }, 'computed.a.initial: expected a JSON value'],
  ])('rejects %j with its path', (value, message) => {
    expect(() => validateComputed(value)).toThrow(new ConfigError(message.split(': ')[0]!, message.slice(message.indexOf(': ') + 2)));
    expect(() => validateComputed(value)).toThrow(message);
  });

  it('throws only ConfigError, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          validateComputed({ a: value });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
        }
      }),
    );
  });
});

describe('local day', () => {
  it('uses the offset in force at the moment, refreshed every 15 minutes (a daylight-saving change)', () => {
    const change = Date.UTC(2026, 2, 29, 1); // 01:00 UTC: Central Europe moves from +60 to +120
    const dayOf = createLocalDay((ms) => (ms < change ? 60 : 120));
    const day = Math.floor(Date.UTC(2026, 2, 29) / 86_400_000);
    expect(dayOf(Date.UTC(2026, 2, 28, 22, 59))).toBe(day - 1); // 23:59 local
    expect(dayOf(Date.UTC(2026, 2, 28, 23, 0))).toBe(day); // 00:00 local
    expect(dayOf(Date.UTC(2026, 2, 29, 21, 59))).toBe(day); // 23:59 local summer time
    expect(dayOf(Date.UTC(2026, 2, 29, 22, 0))).toBe(day + 1); // 00:00 local summer time
  });

  it('treats a broken offset function result as UTC', () => {
    expect(createLocalDay(() => Number.NaN)(86_400_000 * 3 + 5)).toBe(3);
  });
});
