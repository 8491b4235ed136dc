/**
 * The renderer's stylesheet and theme. Everything a page may want to change is a CSS
 * custom property on the shadow host, so a theme is either the `theme` option or a plain
 * CSS rule in the host page: `[data-nudgekit] { --nk-accent: #c2185b }` (an outer rule
 * wins over the renderer's `:host` defaults).
 */

/** The themable values, each one CSS custom property. */
export interface Theme {
  /** `--nk-bg`: surface colour. */
  background: string;
  /** `--nk-fg`: text colour. */
  foreground: string;
  /** `--nk-accent`: primary button, outlines, focus ring. */
  accent: string;
  /** `--nk-accent-fg`: text on the primary button. */
  accentForeground: string;
  /** `--nk-border`: border colour. */
  border: string;
  /** `--nk-radius`: corner radius of the box (buttons use two thirds of it). */
  radius: string;
  /** `--nk-font`: font family. */
  font: string;
  /** `--nk-shadow`: box shadow. */
  shadow: string;
  /** `--nk-backdrop`: the colour behind a modal. */
  backdrop: string;
  /** `--nk-z`: z-index of everything the renderer shows. */
  zIndex: string;
}

/** Theme keys and their custom property names. */
export const THEME_PROPERTIES: { readonly [K in keyof Theme]: string } = {
  background: '--nk-bg',
  foreground: '--nk-fg',
  accent: '--nk-accent',
  accentForeground: '--nk-accent-fg',
  border: '--nk-border',
  radius: '--nk-radius',
  font: '--nk-font',
  shadow: '--nk-shadow',
  backdrop: '--nk-backdrop',
  zIndex: '--nk-z',
};

// The defaults (WCAG AA contrast for text and buttons) live in STYLES' own `:host` rule, so
// they ship once, as CSS; themeRule() only adds the overrides after it.
const DEFAULTS =
  ':host{--nk-bg:#fff;--nk-fg:#1b1b1f;--nk-accent:#0b57d0;--nk-accent-fg:#fff;--nk-border:#c4c6d0;--nk-radius:12px;' +
  '--nk-font:system-ui,sans-serif;--nk-shadow:0 8px 28px rgba(0,0,0,.28);--nk-backdrop:rgba(0,0,0,.5);--nk-z:2147483000}';

// A theme value is written into the stylesheet: anything that could end the declaration is refused.
const UNSAFE_VALUE = /[;{}<>\\]|\/\*/;

/**
 * A `:host` rule declaring the custom properties `theme` sets (placed after the defaults, so
 * it wins over them). Values containing `; { } < > \` or a comment opener are ignored.
 *
 * @example
 * ```ts
 * themeRule({ accent: '#c2185b' }); // ':host{--nk-accent:#c2185b;}'
 * ```
 */
export function themeRule(theme: Partial<Theme> = {}): string {
  let declarations = '';
  for (const key of Object.keys(THEME_PROPERTIES) as Array<keyof Theme>) {
    const value = theme[key];
    if (typeof value === 'string' && !UNSAFE_VALUE.test(value)) declarations += `${THEME_PROPERTIES[key]}:${value};`;
  }
  return `:host{${declarations}}`;
}

/**
 * The component styles. Class names are short on purpose (they ship in the IIFE):
 * n = nudge box, m/bn/t = modal/banner/toast, bd = backdrop, a = actions, p = primary,
 * x = close button, l = live region.
 */
export const STYLES =
  DEFAULTS +
  '.n{position:fixed;z-index:var(--nk-z);box-sizing:border-box;max-width:calc(100vw - 16px);padding:20px;background:var(--nk-bg);color:var(--nk-fg);font:16px/1.45 var(--nk-font);border:1px solid var(--nk-border);border-radius:var(--nk-radius);box-shadow:var(--nk-shadow);animation:nk .2s ease-out}' +
  '.bd{position:fixed;inset:0;z-index:var(--nk-z);background:var(--nk-backdrop)}' +
  '.m{top:50%;left:50%;width:28rem;max-height:calc(100vh - 16px);overflow:auto;transform:translate(-50%,-50%)}' +
  '.bn{left:0;right:0;max-width:none;display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px;padding:10px 56px 10px 16px;border-radius:0;border-width:0 0 1px}' +
  '.bn.bottom{border-width:1px 0 0}.bn h2,.bn p{margin:0}.bn .a{margin-left:auto}' +
  '.t{width:22rem;padding-right:52px}' +
  '.top{top:0}.bottom{bottom:0}.top-left,.top-right{top:8px}.bottom-left,.bottom-right{bottom:8px}.top-right,.bottom-right{right:8px}.top-left,.bottom-left{left:8px}' +
  'h2{margin:0 32px 8px 0;font-size:1.15em;line-height:1.3}p{margin:0 0 16px}' +
  'img{display:block;max-width:100%;height:auto;margin-bottom:12px;border-radius:calc(var(--nk-radius)/2)}' +
  '.a{display:flex;flex-wrap:wrap;gap:8px;justify-content:flex-end}' +
  'button{font:inherit;min-height:44px;padding:8px 16px;border:1px solid var(--nk-accent);border-radius:calc(var(--nk-radius)*2/3);background:var(--nk-bg);color:var(--nk-accent);cursor:pointer}' +
  '.p{background:var(--nk-accent);color:var(--nk-accent-fg)}' +
  '.x{position:absolute;top:4px;right:4px;width:44px;padding:0;border:0;color:var(--nk-fg);font-size:24px;line-height:1}' +
  'button:focus-visible{outline:3px solid var(--nk-accent);outline-offset:2px}' +
  '@keyframes nk{from{opacity:0}}@media (prefers-reduced-motion:reduce){.n{animation:none}}';
