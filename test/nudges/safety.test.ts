import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSafeUrl, sanitizeNudge } from '../../src/nudges/index';
import type { NudgeContent } from '../../src/nudges/index';
import { offerOf, rule, setUp } from './setup';

describe('isSafeUrl', () => {
  it.each(['/pricing', 'pricing?x=1', '#top', '//cdn.example.com/a', 'https://example.com', 'HTTP://EXAMPLE.COM', ' https://example.com ', '?q=1'])(
    'accepts %j',
    (url) => expect(isSafeUrl(url)).toBe(true),
  );

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    '\u0000javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'mailto:a@b.c',
    '',
    '   ',
  ])('refuses %j', (url) => expect(isSafeUrl(url)).toBe(false));

  it('refuses anything that is not a string', () => {
    for (const value of [undefined, null, 1, {}, ['/x']]) expect(isSafeUrl(value as unknown as string)).toBe(false);
  });

  it('agrees with the WHATWG URL parser: whatever it accepts resolves to http or https', () => {
    const chars = fc.constantFrom(...'jJaAvVsScCrRiIpPtT:/\\ \t\n\u0000\u001f.+-hH1%&#?@'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: chars, maxLength: 20 })), (url) => {
        if (!isSafeUrl(url)) return;
        let protocol: string;
        try {
          protocol = new URL(url, 'https://base.example/dir/').protocol;
        } catch {
          return; // unparseable: a browser would not navigate either
        }
        expect(['http:', 'https:']).toContain(protocol);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('unsafe content in a nudge', () => {
  it('removes an action with an unsafe URL before anyone sees it, and reports nudge_failed', () => {
    const { dispatcher, errors } = setUp({ listener: () => {} });
    dispatcher.offer(
      offerOf(
        rule('evil', {
          primary: { label: 'Go', url: 'javascript:alert(1)' },
          secondary: { label: 'Safe', url: '/ok' },
          image: { src: 'data:image/svg+xml,<svg onload=alert(1)>', alt: 'x' },
        }),
      ),
    );
    const nudge = dispatcher.current()!;
    expect(nudge.primary).toBeUndefined();
    expect(nudge.image).toBeUndefined();
    expect(nudge.secondary).toEqual({ label: 'Safe', url: '/ok' });
    expect(nudge.click('primary')).toBeUndefined();
    expect(errors.map((e) => [e.code, e.details['field']])).toEqual([
      ['nudge_failed', 'primary.url'],
      ['nudge_failed', 'image.src'],
    ]);
  });

  it('does not alter the rule it was given', () => {
    const r = rule('evil', { primary: { label: 'Go', url: 'javascript:x' } });
    const { dispatcher } = setUp({ listener: () => {} });
    dispatcher.offer(offerOf(r));
    expect(r.nudge!.primary).toEqual({ label: 'Go', url: 'javascript:x' });
  });

  it('sanitises a frozen nudge once, and an unfrozen one at every showing, so a later change is still caught', () => {
    const errors: unknown[] = [];
    const onError = (e: unknown) => void errors.push(e);
    const frozen: NudgeContent = Object.freeze({ type: 'toast', body: 'Hi', primary: Object.freeze({ label: 'Go', url: '/go' }) });
    expect(sanitizeNudge('r', frozen, onError)).toBe(sanitizeNudge('r', frozen, onError));

    const action = Object.freeze({ label: 'Go', url: '/go' });
    const open: NudgeContent = { type: 'toast', body: 'Hi', primary: action };
    expect(sanitizeNudge('r', open, onError).primary).toBe(action);
    open.primary = { label: 'Go', url: 'javascript:alert(1)' };
    expect(sanitizeNudge('r', open, onError).primary).toBeUndefined();
    // A frozen nudge whose action is not frozen: the action could change, so it is checked again.
    const shell: NudgeContent = Object.freeze({ type: 'toast', primary: { label: 'Go', url: '/go' } });
    sanitizeNudge('r', shell, onError);
    (shell.primary as { url: string }).url = 'javascript:alert(1)';
    expect(sanitizeNudge('r', shell, onError).primary).toBeUndefined();
    expect(errors).toHaveLength(2);
  });
});
