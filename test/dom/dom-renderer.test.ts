import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock';
import type { JsonObject } from '../../src/core/types';
import { domRenderer, type DomRendererOptions } from '../../src/entries/dom';
import { createDispatcher, type NudgeContent } from '../../src/nudges/index';
import { PRELOAD, type Preloadable } from '../../src/nudges/preload';

let errors: unknown[] = [];

function mount(nudge: Partial<NudgeContent>, options: DomRendererOptions = {}) {
  const clock = createManualClock();
  const tracked: Array<{ event: string; properties: JsonObject }> = [];
  const navigated: string[] = [];
  const dispatcher = createDispatcher({
    clock,
    renderer: domRenderer({ navigate: (url) => void navigated.push(url), ...options }),
    track: (event, properties) => void tracked.push({ event, properties }),
    emit: () => false,
    onError: (error) => void errors.push(error),
  });
  dispatcher.offer({ rule: { id: 'r1', trigger: { event: 'x' }, nudge: { type: 'modal', ...nudge } }, nudge: { type: 'modal', ...nudge }, priority: 0 });
  const host = document.querySelector<HTMLElement>('[data-nudgekit]');
  const root = host?.shadowRoot ?? undefined;
  return { clock, tracked, navigated, dispatcher, host, root, box: root?.querySelector<HTMLElement>('.n') ?? null };
}

// The renderer's code loads on demand (test/dom/lazy-renderer.test.ts); these tests are
// about how it draws, so it is loaded first, as targeting() does at start-up.
beforeAll(async () => {
  await (domRenderer() as Preloadable)[PRELOAD]!();
});

afterEach(() => {
  document.body.replaceChildren();
  const seen = errors;
  errors = [];
  // Every test that expects an error reads it itself; any other error is a failure.
  expect(seen).toEqual([]);
});

describe('modal', () => {
  it('is a dialog with aria-modal, labelled by its title and described by its body', () => {
    const { box, root } = mount({ type: 'modal', title: 'Welcome back', body: 'News', primary: { label: 'Look', url: '/new' }, secondary: { label: 'Later' } });
    expect(box!.getAttribute('role')).toBe('dialog');
    expect(box!.getAttribute('aria-modal')).toBe('true');
    const title = root!.getElementById(box!.getAttribute('aria-labelledby')!);
    expect(title?.tagName).toBe('H2');
    expect(title?.textContent).toBe('Welcome back');
    expect(root!.getElementById(box!.getAttribute('aria-describedby')!)?.textContent).toBe('News');
    expect([...box!.querySelectorAll('button')].map((b) => [b.textContent, b.getAttribute('type')])).toEqual([
      ['Look', 'button'],
      ['Later', 'button'],
      ['×', 'button'],
    ]);
    expect(box!.querySelector('.x')!.getAttribute('aria-label')).toBe('Close');
    expect(root!.querySelector('.bd')).not.toBeNull();
  });

  it('moves focus in, closes on Escape, and returns focus to where it was', () => {
    const before = document.createElement('button');
    document.body.append(before);
    before.focus();
    const { root, tracked, dispatcher } = mount({ type: 'modal', title: 'T', primary: { label: 'Go' } });
    expect(root!.activeElement?.textContent).toBe('Go');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(dispatcher.current()).toBeUndefined();
    expect(root!.querySelector('.n')).toBeNull();
    expect(document.activeElement).toBe(before);
    expect(tracked.map((t) => [t.event, t.properties['reason'] ?? null])).toEqual([
      ['nudge_shown', null],
      ['nudge_dismissed', 'escape'],
    ]);
  });

  it('wraps Tab from the last button to the first and Shift+Tab back', () => {
    const { root, box } = mount({ type: 'modal', title: 'T', primary: { label: 'A' }, secondary: { label: 'B' } });
    const buttons = [...box!.querySelectorAll('button')];
    buttons.at(-1)!.focus();
    box!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true }));
    expect(root!.activeElement).toBe(buttons[0]);
    box!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, cancelable: true }));
    expect(root!.activeElement).toBe(buttons.at(-1));
  });

  it('tracks a click with its action and URL, closes, and navigates through the navigate option', () => {
    const { box, tracked, navigated, root } = mount({ type: 'modal', title: 'T', primary: { label: 'Go', url: '/pricing' } });
    box!.querySelector<HTMLButtonElement>('.p')!.click();
    expect(tracked.at(-1)).toMatchObject({ event: 'nudge_clicked', properties: { ruleId: 'r1', action: 'primary', url: '/pricing' } });
    expect(navigated).toEqual(['/pricing']);
    expect(root!.querySelector('.n')).toBeNull();
  });

  it('closes on a backdrop click with reason backdrop', () => {
    const { root, tracked } = mount({ type: 'modal', title: 'T' });
    root!.querySelector<HTMLElement>('.bd')!.click();
    expect(tracked.at(-1)).toMatchObject({ event: 'nudge_dismissed', properties: { reason: 'backdrop' } });
  });
});

describe('banner and toast', () => {
  it('renders a banner as a named region at the bottom when asked', () => {
    const { box, root } = mount({ type: 'banner', title: 'Sale', placement: 'bottom' });
    expect(box!.tagName).toBe('SECTION');
    expect(box!.getAttribute('role')).toBe('region');
    expect(root!.getElementById(box!.getAttribute('aria-labelledby')!)?.textContent).toBe('Sale');
    expect(box!.classList.contains('bottom')).toBe(true);
  });

  it('names a banner without a title generically', () => {
    const { box } = mount({ type: 'banner', body: 'Only a body' });
    expect(box!.getAttribute('aria-label')).toBe('Announcement');
  });

  it('puts a toast in a polite live region and pauses its timer on hover and focus', () => {
    const { box, clock, dispatcher } = mount({ type: 'toast', title: 'Saved', autoDismissMs: 1000 });
    expect(box!.parentElement!.getAttribute('aria-live')).toBe('polite');
    expect(box!.getAttribute('role')).toBeNull();
    clock.advance(500);
    box!.dispatchEvent(new MouseEvent('mouseenter'));
    clock.advance(5000);
    expect(dispatcher.current()).toBeDefined();
    box!.dispatchEvent(new FocusEvent('focusin'));
    box!.dispatchEvent(new MouseEvent('mouseleave'));
    clock.advance(5000);
    expect(dispatcher.current()).toBeDefined();
    box!.dispatchEvent(new FocusEvent('focusout', { relatedTarget: null }));
    clock.advance(499);
    expect(dispatcher.current()).toBeDefined();
    clock.advance(1);
    expect(dispatcher.current()).toBeUndefined();
  });
});

describe('safety and styling', () => {
  it('renders hostile content as text, never as markup', () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const { box } = mount({ type: 'modal', title: evil, body: evil, primary: { label: evil } });
    expect(box!.querySelector('img')).toBeNull();
    expect(box!.querySelector('h2')!.textContent).toBe(evil);
    expect(box!.querySelector('p')!.textContent).toBe(evil);
    expect(box!.querySelector('.p')!.textContent).toBe(evil);
  });

  it('renders no button for an action whose URL was refused', () => {
    const { box } = mount({ type: 'modal', title: 'T', primary: { label: 'Evil', url: 'javascript:alert(1)' } });
    expect([...box!.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['×']);
    expect(errors.splice(0).map((e) => (e as { code: string }).code)).toEqual(['nudge_failed']);
  });

  it('renders an image with its alt text', () => {
    const { box } = mount({ type: 'modal', title: 'T', image: { src: '/a.png', alt: 'A cat' } });
    const img = box!.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('/a.png');
    expect(img.alt).toBe('A cat');
  });

  it('uses no style attribute anywhere, and themes through custom properties', () => {
    const { host, root } = mount({ type: 'modal', title: 'T', primary: { label: 'Go' } }, { theme: { accent: '#c2185b', radius: '2px', font: 'serif;}body{display:none' } });
    expect(host!.hasAttribute('style')).toBe(false);
    expect(root!.querySelectorAll('[style]').length).toBe(0);
    const css = [...root!.adoptedStyleSheets].map((s) => [...s.cssRules].map((r) => r.cssText).join('')).join('') + [...root!.querySelectorAll('style')].map((s) => s.textContent).join('');
    expect(css).toContain('--nk-accent: #c2185b');
    expect(css).toContain('--nk-radius: 2px');
    expect(css).not.toContain('display: none');
    expect(css).toContain('prefers-reduced-motion');
  });

  it('falls back to a <style nonce> when constructable stylesheets are missing', () => {
    const original = window.CSSStyleSheet;
    (window as { CSSStyleSheet: unknown }).CSSStyleSheet = undefined;
    try {
      const { root } = mount({ type: 'toast', title: 'T' }, { nonce: 'abc123' });
      const style = root!.querySelector('style')!;
      expect(style.nonce || style.getAttribute('nonce')).toBe('abc123');
      expect(style.textContent).toContain('--nk-accent');
    } finally {
      window.CSSStyleSheet = original;
    }
  });

  it('hosts the shadow root in a custom element that resets what the page could pass in', () => {
    const { host, root } = mount({ type: 'toast', title: 'T' });
    // Not a div: the page's `div` rules cannot match it.
    expect(host!.tagName).toBe('NUDGEKIT-HOST');
    const css = [...root!.adoptedStyleSheets].map((s) => [...s.cssRules].map((r) => r.cssText).join('')).join('');
    expect(css.replace(/\s/g, '')).toContain(':host{all:initial!important;display:contents!important;');
  });

  it('declines custom nudges and renders into the given container, reusing one host', () => {
    const container = document.createElement('div');
    document.body.append(container);
    const renderer = domRenderer({ container });
    const custom = renderer({ type: 'custom' } as never);
    expect(custom).toBe(false);
    expect(container.children.length).toBe(0);
    const { dispatcher } = mount({ type: 'banner', title: 'A' }, { container });
    dispatcher.current()!.dismiss();
    expect(container.querySelectorAll('[data-nudgekit]').length).toBe(1);
  });
});
