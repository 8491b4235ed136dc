import { posthogFormat } from '../../src/delivery/formats/posthog';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError } from '../../src/core/errors';
import { DELIVERY_DEFAULTS, resolveDeliveryOptions, validateDeliveryOptions } from '../../src/delivery/index';

function problem(options: Record<string, unknown>, path?: string): string | undefined {
  try {
    validateDeliveryOptions(options, path);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('validateDeliveryOptions', () => {
  it('accepts a full, valid configuration and ignores keys it does not own', () => {
    expect(
      problem({
        endpoint: 'https://api.segment.io/v1/batch',
        writeKey: 'wk',
        batch: { maxEvents: 20, maxBytes: 100_000, intervalMs: 1000 },
        retry: { baseMs: 10, maxMs: 100 },
        queue: { maxEvents: 100, maxBytes: 1_000_000 },
        format: posthogFormat,
        gzip: true,
        timeoutMs: 500,
        transport: async () => ({ status: 200 }),
        rules: [],
        lifecycle: {},
      }),
    ).toBeUndefined();
    expect(problem({ endpoint: '/api/collect' })).toBeUndefined();
    expect(problem({ format: () => ({ url: '/x', body: '' }) })).toBeUndefined();
  });

  it('names the exact path of the problem', () => {
    expect(problem({ batch: { maxEvents: 0 } })).toBe('batch.maxEvents: expected a positive integer');
    expect(problem({ batch: { maxEvents: 1.5 } })).toBe('batch.maxEvents: expected a positive integer');
    expect(problem({ batch: { maxEvent: 5 } })).toMatch(/^batch\.maxEvent: unknown option/);
    expect(problem({ batch: [] })).toBe('batch: expected an object');
    expect(problem({ retry: { baseMs: 1000, maxMs: 10 } })).toBe('retry.maxMs: expected a value not below retry.baseMs');
    expect(problem({ queue: { maxBytes: -1 } })).toBe('queue.maxBytes: expected a positive integer');
    expect(problem({ endpoint: 'ftp://x' })).toMatch(/^endpoint: expected an http\(s\) URL/);
    expect(problem({ endpoint: '//evil.example' })).toMatch(/^endpoint:/);
    expect(problem({ writeKey: 5 })).toBe('writeKey: expected a string');
    expect(problem({ format: 'mixpanel' })).toBe("format: expected a function, e.g. posthogFormat from 'nudgekit/formats'");
    expect(problem({ gzip: 'yes' })).toBe('gzip: expected a boolean');
    expect(problem({ timeoutMs: 0 })).toBe('timeoutMs: expected a positive integer');
    expect(problem({ transport: {} })).toBe('transport: expected a function');
    expect(problem({ batch: { intervalMs: 'fast' } }, 'delivery')).toBe('delivery.batch.intervalMs: expected a positive integer');
  });

  it('throws only ConfigError, whatever it is given', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('endpoint', 'writeKey', 'batch', 'retry', 'queue', 'format', 'gzip', 'timeoutMs', 'transport'), fc.anything()), (options) => {
        try {
          validateDeliveryOptions(options);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
        }
      }),
    );
  });
});

describe('resolveDeliveryOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolveDeliveryOptions({ endpoint: '/b' });
    expect(resolved.batch).toEqual(DELIVERY_DEFAULTS.batch);
    expect(resolved.batch.maxEvents).toBe(50);
    expect(resolved.batch.intervalMs).toBe(5000);
    expect(resolved.format).toBeUndefined();
    expect(resolved.enabled).toBe(true);
  });
  it('is disabled without an endpoint, a format function or a transport', () => {
    expect(resolveDeliveryOptions({}).enabled).toBe(false);
    expect(resolveDeliveryOptions({ writeKey: 'wk' }).enabled).toBe(false);
    expect(resolveDeliveryOptions({ writeKey: 'wk', format: posthogFormat }).enabled).toBe(true);
    expect(resolveDeliveryOptions({ format: () => ({ url: '/x', body: '' }) }).enabled).toBe(true);
    expect(resolveDeliveryOptions({ transport: async () => ({ status: 200 }) }).enabled).toBe(true);
  });
});
