/**
 * How much text a nudge may show. A rule may come from a server, and a body of 100 KB
 * without a space froze Chromium for seconds while it laid the text out: longer texts are
 * cut at these lengths (with an ellipsis) before any renderer sees them, and validation warns.
 */
export const TEXT_LIMITS = { title: 200, body: 2000, thanks: 500, label: 100 } as const;

/** `text` cut to `limit` UTF-16 units, ending with an ellipsis when cut (never splitting a surrogate pair). */
export function clipText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
