import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { themeRule, type Theme } from '../../src/entries/dom';
import { STYLES } from '../../src/dom/styles';

// Listing every key here is checked by the compiler: a new Theme key must be added (and documented).
const EXAMPLE: Theme = {
  background: '#000',
  foreground: '#fff',
  accent: 'red',
  accentForeground: 'white',
  border: 'gray',
  radius: '0',
  font: 'serif',
  shadow: 'none',
  backdrop: 'transparent',
  zIndex: '10',
};

describe('theme', () => {
  it('gives every theme key a default and uses it in the styles', () => {
    for (const key of Object.keys(EXAMPLE)) {
      const property = `--nk-${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;
      expect(STYLES).toContain(`${property}:`);
      expect(STYLES).toContain(`var(${property})`);
    }
  });

  it('writes each theme value as its custom property', () => {
    expect(themeRule({ accent: '#c2185b', accentForeground: '#fff', zIndex: '5' })).toBe(':host{--nk-accent:#c2185b;--nk-accent-foreground:#fff;--nk-z-index:5;}');
    expect(themeRule()).toBe(':host{}');
  });

  it('never lets a theme value or key end the rule', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), (theme) => {
        const rule = themeRule(theme as Partial<Theme>);
        const inner = rule.slice(':host{'.length, -1);
        expect(rule.startsWith(':host{') && rule.endsWith('}')).toBe(true);
        expect(inner).not.toMatch(/[{}<>\\]|\/\*/);
        // Each declaration is one `--nk-name:value` with no other semicolon inside.
        for (const declaration of inner.split(';').filter(Boolean)) expect(declaration).toMatch(/^--nk-[a-z-]+:/);
      }),
    );
  });
});
