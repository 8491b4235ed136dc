/**
 * The one check every action URL and image source passes before it reaches a renderer.
 * It follows the WHATWG URL parser's first steps (strip leading/trailing C0 controls and
 * spaces, drop tabs and newlines anywhere) so `" java\tscript:alert(1)"` is read the way
 * a browser would read it, then allows only `http:`, `https:` or a relative URL.
 */

// Leading/trailing C0 control or space, as the URL parser strips them.
const EDGES = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
// ASCII tab or newline, which the URL parser removes anywhere in the input.
const TAB_NEWLINE = /[\t\n\r]/g;
// A scheme: an ASCII letter, then letters, digits, `+`, `-` or `.`, then `:`.
const SCHEME = /^([a-z][a-z\d+.-]*):/i;

/**
 * Whether `url` is safe to put behind a button or in an image: `http:`, `https:`
 * or relative (including protocol-relative `//host/path`, which inherits http(s)).
 * `javascript:`, `data:`, `vbscript:` and every other scheme are refused, as is
 * anything that is not a non-empty string.
 *
 * @example
 * ```ts
 * isSafeUrl('/pricing');              // true
 * isSafeUrl('https://example.com');   // true
 * isSafeUrl(' JavaScript:alert(1)');  // false
 * ```
 */
export function isSafeUrl(url: string): boolean {
  if (typeof url !== 'string') return false;
  const cleaned = url.replace(EDGES, '').replace(TAB_NEWLINE, '');
  if (cleaned === '') return false;
  const scheme = SCHEME.exec(cleaned);
  if (!scheme) return true;
  const name = scheme[1]!.toLowerCase();
  return name === 'http' || name === 'https';
}
