/**
 * The renderer's stylesheet and theme. Everything a page may want to change is a CSS
 * custom property on the shadow host, so a theme is either the `theme` option or a plain
 * CSS rule in the host page: `[data-nudgekit] { --nk-accent: #c2185b }` (an outer rule
 * wins over the renderer's `:host` defaults).
 *
 * Isolation: page rules cannot select inside the shadow root, but they can reach the host
 * (`body > *`, `[data-nudgekit]`) and everything inherits through it. So the host resets
 * every property with `all: initial !important` (custom properties are not part of `all`, so
 * theming still works) and generates no box (`display: contents`), which makes a page's
 * transform, filter or contain on it moot. `!important` inside a shadow tree wins over the
 * page's `!important`: the cascade gives the inner context the last word for important
 * declarations. `all` leaves `direction` alone, so it follows the page's `dir` attribute
 * (through `:dir()`), never a CSS `direction` the page sets on `body`. Sizes are in `em`
 * of the initial `medium`, so the page's root font size does not scale the nudge either.
 */

/**
 * The themable values. Each key is one CSS custom property on the shadow host, named
 * `--nk-` plus the key in kebab case: `accentForeground` is `--nk-accent-foreground`.
 *
 * @example
 * ```ts
 * const brand: Partial<Theme> = { accent: '#c2185b', radius: '4px', font: 'Inter, sans-serif' };
 * domRenderer({ theme: brand });
 * ```
 */
export interface Theme {
  /** `--nk-background`: surface colour. */
  background: string;
  /** `--nk-foreground`: text colour. */
  foreground: string;
  /** `--nk-accent`: primary button, outlines, focus ring. */
  accent: string;
  /** `--nk-accent-foreground`: text on the primary button. */
  accentForeground: string;
  /** `--nk-border`: border colour. */
  border: string;
  /** `--nk-radius`: corner radius of the box (buttons use half of it). */
  radius: string;
  /** `--nk-font`: font family. */
  font: string;
  /** `--nk-shadow`: box shadow. */
  shadow: string;
  /** `--nk-backdrop`: the colour behind a modal. */
  backdrop: string;
  /** `--nk-z-index`: z-index of everything the renderer shows. */
  zIndex: string;
}

// The defaults (WCAG AA contrast for text and buttons) live in STYLES' own `:host` rule, so
// they ship once, as CSS; themeRule() only adds the overrides after it.
const DEFAULTS =
  ':host(:dir(rtl)){direction:rtl!important}' +
  ':host{all:initial!important;display:contents!important;direction:ltr!important;--nk-background:#fff;--nk-foreground:#1b1b1f;--nk-accent:#0b57d0;--nk-accent-foreground:#fff;--nk-border:#c4c6d0;--nk-radius:12px;' +
  '--nk-font:system-ui,sans-serif;--nk-shadow:0 8px 28px rgba(0,0,0,.28);--nk-backdrop:rgba(0,0,0,.5);--nk-z-index:2147483000}';

// A theme value is written into the stylesheet: anything that could end the declaration is refused.
const UNSAFE_VALUE = /[;{}<>\\]|\/\*/;

/**
 * A `:host` rule declaring the custom properties `theme` sets (placed after the defaults, so
 * it wins over them). Keys other than plain words and values containing `; { } < > \\` or a
 * comment opener are ignored: a theme must not be able to end the rule.
 *
 * @example
 * ```ts
 * themeRule({ accent: '#c2185b', accentForeground: '#fff' }); // ':host{--nk-accent:#c2185b;--nk-accent-foreground:#fff;}'
 * ```
 */
export function themeRule(theme: Partial<Theme> = {}): string {
  let declarations = '';
  for (const [key, value] of Object.entries(theme)) {
    if (/^[a-z]+$/i.test(key) && typeof value === 'string' && !UNSAFE_VALUE.test(value)) {
      declarations += `--nk-${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}:${value};`;
    }
  }
  return `:host{${declarations}}`;
}

/**
 * The component styles, defaults first (the theme rule follows them). Class names are
 * short on purpose (they ship in the IIFE): n = nudge box, m/bn/t = modal/banner/toast,
 * top/bottom/left/right = placement, in = inline banner or toast, bd = backdrop, a = actions, p = primary, x = close.
 *
 * @example
 * ```ts
 * sheet.replaceSync(STYLES + themeRule({ accent: '#c2185b' }));
 * ```
 */
export const STYLES =
  DEFAULTS +
  '.n,.bd{position:fixed;z-index:var(--nk-z-index)}' +
  '.n{box-sizing:border-box;max-width:calc(100vw - 16px);padding:20px;background:var(--nk-background);color:var(--nk-foreground);font:1em/1.4 var(--nk-font);overflow-wrap:anywhere;border:1px solid var(--nk-border);border-radius:var(--nk-radius);box-shadow:var(--nk-shadow);animation:nk .2s}' +
  '.bd{inset:0;background:var(--nk-backdrop)}' +
  '.m{top:50%;left:50%;width:28em;max-height:calc(100vh - 16px);overflow:auto;transform:translate(-50%,-50%)}' +
  '.bn{left:0;right:0;max-width:none;display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px;padding:8px 56px 8px 16px;border-radius:0}' +
  '.bn *{margin:0}.bn .a{margin-left:auto}' +
  // An inline banner (banners: 'inline') is in the page's flow: it takes room instead of covering.
  '.bn.in{position:relative;top:auto;bottom:auto;z-index:auto;box-shadow:none}' +
  '.t.in{position:relative;top:auto;bottom:auto;left:auto;right:auto;z-index:auto;width:auto;margin:8px}' +
  '.t{width:22em;padding-right:52px}' +
  '.top{top:0}.bottom{bottom:0}.t.top{top:8px}.t.bottom{bottom:8px}.left{left:8px}.right{right:8px}' +
  'h2{margin:0 32px 8px 0;font-size:1.2em}p{margin:0 0 16px}' +
  'img{max-width:100%;margin-bottom:12px}' +
  '.a{display:flex;flex-wrap:wrap;gap:8px;justify-content:flex-end}' +
  'button{font:inherit;min-height:44px;padding:8px 16px;border:1px solid var(--nk-accent);border-radius:calc(var(--nk-radius)/2);background:var(--nk-background);color:var(--nk-accent);cursor:pointer}' +
  '.p{background:var(--nk-accent);color:var(--nk-accent-foreground)}' +
  '.x{position:absolute;top:4px;right:4px;width:44px;padding:0;border:0;color:var(--nk-foreground);font-size:24px}' +
  'button:focus-visible{outline:3px solid var(--nk-accent);outline-offset:2px}' +
  '@keyframes nk{from{opacity:0}}@media (prefers-reduced-motion:reduce){.n{animation:none}}';
