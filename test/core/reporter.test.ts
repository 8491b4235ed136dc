/**
 * Without onError, every distinct problem is printed once (issue 16: only the first bad rule
 * used to print), and a loop repeating one problem prints it once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNudgeKit, memoryStore } from '../../src/index';
import { createReporter, MAX_WARNINGS_PER_CODE } from '../../src/core/reporter';
import { withStandardFeatures } from '../helpers/features';

afterEach(() => vi.restoreAllMocks());

describe('console warnings without onError', () => {
  it('prints each bad rule once, not only the first', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const nk = createNudgeKit(withStandardFeatures({
      store: memoryStore(),
      rules: [
        { id: 'a', trigger: { event: 'go' }, when: { stage: 'slient' }, nudge: { type: 'toast', body: 'x' } },
        { id: 'b', trigger: { event: 'go' }, nudge: { type: 'popup', body: 'x' } },
      ] as never,
    }));
    await nk.ready();
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines).toEqual([expect.stringContaining('rules[0].when.stage'), expect.stringContaining('rules[1].nudge.type')]);
    await nk.shutdown();
  });

  it('prints a repeated problem once, and caps distinct ones per code with a closing line', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const report = createReporter(undefined);
    for (let i = 0; i < 5; i++) report('invalid_event_name', 'same problem');
    expect(warn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 100; i++) report('invalid_property', `problem ${i}`);
    expect(warn).toHaveBeenCalledTimes(1 + MAX_WARNINGS_PER_CODE + 1);
    expect(String(warn.mock.calls.at(-1)![0])).toContain('further ones are not printed');
  });
});
