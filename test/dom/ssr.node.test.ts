import { expect, it } from 'vitest';

it('imports nudgekit/dom and the nudges module in plain Node without touching a DOM', async () => {
  expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  const dom = await import('../../src/entries/dom');
  const nudges = await import('../../src/nudges/index');
  const renderer = dom.domRenderer();
  // No document: the renderer declines, so a server-side dispatcher falls back to listeners.
  expect(renderer({ type: 'modal', title: 'x' } as never)).toBe(false);
  expect(nudges.isSafeUrl('/x')).toBe(true);
});
