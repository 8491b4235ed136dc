/**
 * Page-path globs for `{ page: "/pricing*" }`. `*` matches any run of characters
 * (slashes included), `?` one character; everything else is literal. Matched by a
 * two-pointer scan, not a RegExp, so no glob can backtrack exponentially.
 */

/**
 * Compiles a glob into a matcher.
 *
 * @example
 * ```ts
 * compileGlob('/pricing*')('/pricing/teams'); // true
 * compileGlob('/blog/?')('/blog/a'); // true
 * ```
 */
export function compileGlob(glob: string): (path: string) => boolean {
  if (!glob.includes('*') && !glob.includes('?')) return (path) => path === glob;
  if (glob.endsWith('*') && !glob.slice(0, -1).includes('*') && !glob.includes('?')) {
    const prefix = glob.slice(0, -1);
    return (path) => path.startsWith(prefix);
  }
  return (path) => matchGlob(glob, path);
}

/** Wildcard matching in O(glob × path) worst case, O(glob + path) typically. */
function matchGlob(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let starG = -1;
  let starT = 0;
  while (t < text.length) {
    const c = glob[g];
    if (c === '*') {
      starG = g++;
      starT = t;
    } else if (g < glob.length && (c === '?' || c === text[t])) {
      g++;
      t++;
    } else if (starG >= 0) {
      g = starG + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (glob[g] === '*') g++;
  return g === glob.length;
}
