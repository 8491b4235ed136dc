/**
 * Rule text cannot freeze the page: a nudge text past its limit is cut before any renderer
 * or listener sees it, and validation warns (the rule still runs). A 100 KB body without a
 * space took Chromium 9.7 s to lay out (issue 12); test/e2e/dom.test.ts renders one.
 */
import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type NudgeKitError } from '../../src/index';
import { targeting, validateRules, type ActiveNudge } from '../../src/entries/rules';
import { clipText, TEXT_LIMITS } from '../../src/nudges/text-limits';

const HUGE = 'x'.repeat(100_000);

describe('nudge text limits', () => {
  it('warns at validation and keeps the rule', () => {
    const { rules, issues } = validateRules([{ id: 'long', trigger: { event: 'go' }, nudge: { type: 'modal', title: 'T', body: HUGE } }]);
    expect(rules.map((r) => r.id)).toEqual(['long']);
    expect(issues).toEqual([{ path: 'rules[0].nudge.body', message: '100000 characters: it will be cut to 2000', warning: true }]);
  });

  it('hands renderers and listeners the text cut to its limit, with an ellipsis', async () => {
    const errors: NudgeKitError[] = [];
    const shown: ActiveNudge[] = [];
    const nk = createNudgeKit({
      store: memoryStore(),
      onError: (e) => errors.push(e),
      features: [targeting({ rules: [{ id: 'long', trigger: { event: 'go' }, nudge: { type: 'modal', title: 'y'.repeat(500), body: HUGE, primary: { label: 'z'.repeat(300) } } }] })],
    });
    nk.on('nudge', (n) => shown.push(n));
    nk.track('go');
    await nk.flush();
    const nudge = shown[0]!;
    expect(nudge.body).toHaveLength(TEXT_LIMITS.body);
    expect(nudge.body!.endsWith('…')).toBe(true);
    expect(nudge.title).toHaveLength(TEXT_LIMITS.title);
    expect(nudge.primary!.label).toHaveLength(TEXT_LIMITS.label);
    expect(errors.map((e) => e.code)).toEqual(['invalid_rule', 'invalid_rule']);
    await nk.shutdown();
  });

  it('never splits a surrogate pair', () => {
    const text = 'a'.repeat(8) + '😀'.repeat(10);
    for (let limit = 2; limit < text.length; limit++) {
      const clipped = clipText(text, limit);
      expect(clipped.length).toBeLessThanOrEqual(limit);
      expect(() => encodeURIComponent(clipped)).not.toThrow();
    }
  });
});
