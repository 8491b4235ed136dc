/**
 * The client where IndexedDB throws on open (Firefox private mode, a sandboxed iframe):
 * it falls back to memory, says so through onError, and still tracks and delivers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNudgeKit } from '../../src/index';
import { recording } from '../helpers/recording';
import { withStandardFeatures } from '../helpers/features';

afterEach(() => vi.unstubAllGlobals());

describe('storage fallback in the client', () => {
  it('uses memory when IndexedDB throws on open, reports storage_unavailable, and still delivers', async () => {
    const refused = new DOMException('The operation is insecure.', 'SecurityError');
    vi.stubGlobal('indexedDB', {
      open() {
        throw refused;
      },
    });
    const { config, errors, delivered, names } = recording();
    const nk = createNudgeKit(withStandardFeatures(config));
    nk.identify('user-1');
    nk.track('add_to_cart', { sku: 'A-1' });
    await nk.ready();
    await nk.flush();

    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'storage_unavailable', details: { fallback: 'memory' } });
    expect((errors[0]!.cause as DOMException).name).toBe('SecurityError');
    expect(names()).toEqual(['session_start', 'identify', 'add_to_cart']);
    expect(delivered.every((e) => e.anonymousId === nk.user().anonymousId && e.anonymousId !== '')).toBe(true);
    expect(nk.stats()).toMatchObject({ sent: 3, queued: 0, dropped: 0 });
    await nk.shutdown();
  });
});
