/**
 * `domRenderer()` is a small factory: its body (the drawing code and styles) is a chunk of its
 * own, loaded when a nudge comes (or ahead, by targeting()). Each test imports it afresh, so
 * its code is not loaded yet.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActiveNudge, CloseReason } from '../../src/nudges/active-nudge';
import type { Renderer } from '../../src/nudges/active-nudge';

const VIEW = '../../src/dom/dom-view';

function fakeNudge(type: ActiveNudge['type'] = 'modal') {
  const calls: string[] = [];
  let closed = false;
  const nudge = {
    id: 'n1', ruleId: 'r1', variant: 'default', priority: 0, type, title: 'Hello', body: 'Text',
    get closed() { return closed; },
    shown: () => void calls.push('shown'),
    dismiss: (reason: CloseReason = 'close') => { calls.push(`dismiss:${reason}`); closed = true; },
    click: () => undefined, answer: () => false, pause: () => {}, resume: () => {}, onClose: () => () => {},
  } as unknown as ActiveNudge;
  return { nudge, calls };
}

async function freshRenderer(): Promise<Renderer> {
  vi.resetModules();
  const { domRenderer } = await import('../../src/entries/dom');
  return domRenderer();
}

const dialog = () => document.querySelector('[data-nudgekit]')?.shadowRoot?.querySelector('[role="dialog"]');

afterEach(() => {
  vi.doUnmock(VIEW);
  document.body.replaceChildren();
});

describe('domRenderer() loads its body on demand', () => {
  it('takes a nudge before its code is there and draws it once loaded', async () => {
    const render = await freshRenderer();
    const { nudge, calls } = fakeNudge();
    const cleanup = render(nudge);
    expect(typeof cleanup).toBe('function'); // taken, so the dispatcher does not look for a listener
    expect(dialog()).toBeFalsy();
    await vi.waitFor(() => expect(dialog()?.querySelector('h2')?.textContent).toBe('Hello'));
    expect(calls).toEqual(['shown']);
    (cleanup as () => void)();
    expect(dialog()).toBeFalsy();
  });

  it('declines at once what its body would decline: custom nudges, and surveys without a survey view', async () => {
    const render = await freshRenderer();
    expect(render(fakeNudge('custom').nudge)).toBe(false);
    expect(render(fakeNudge('survey').nudge)).toBe(false);
  });

  it('draws nothing for a nudge closed while its code loaded', async () => {
    const render = await freshRenderer();
    const { nudge, calls } = fakeNudge();
    const cleanup = render(nudge) as () => void;
    cleanup();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(dialog()).toBeFalsy();
    expect(calls).toEqual([]);
  });

  it('closes the nudge unshown when its code cannot be loaded, and tries again for the next one', async () => {
    vi.doMock(VIEW, () => {
      throw new Error('chunk offline');
    });
    const render = await freshRenderer();
    const first = fakeNudge();
    render(first.nudge);
    await vi.waitFor(() => expect(first.calls).toEqual(['dismiss:withdrawn']));
    expect(dialog()).toBeFalsy();
    vi.doUnmock(VIEW);
    const second = fakeNudge();
    render(second.nudge);
    await vi.waitFor(() => expect(second.calls).toEqual(['shown']));
    expect(dialog()).toBeTruthy();
  });
});
