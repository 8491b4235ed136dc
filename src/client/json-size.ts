/**
 * The UTF-8 size of a value's JSON text, computed without writing the text. Serialising a
 * whole event to measure it cost more than everything else `track()` does; these sizes are
 * exact, equal to `utf8Length(JSON.stringify(value))`, and tests hold them to that.
 */

/** Bytes of `JSON.stringify(text)` in UTF-8: quotes, escapes and multi-byte characters counted. */
export function jsonStringBytes(text: string): number {
  // One byte per character and the quotes, plus what the characters that are not plain ASCII add.
  let bytes = text.length + 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x80) {
      if (c === 0x22 || c === 0x5c) bytes += 1; // \" and \\
    } else if (c < 0x20) {
      bytes += c >= 0x08 && c <= 0x0d && c !== 0x0b ? 1 : 5; // \b \t \n \f \r, else \u00XX
    } else if (c < 0x800) bytes += 1;
    else if (c < 0xd800 || c > 0xdfff) bytes += 2;
    else if (c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: two characters, one 4-byte code point
      i++;
    } else bytes += 5; // a lone surrogate: JSON.stringify escapes it as \uDXXX
  }
  return bytes;
}

/** Bytes of `JSON.stringify(value)` for a finite number. */
export function jsonNumberBytes(value: number): number {
  const sign = value < 0 ? 1 : 0;
  // Integers below 2^53 print as their digits.
  if (Number.isSafeInteger(value)) return sign + digits(Math.abs(value));
  // Short decimals (prices, ratings): a number prints as the shortest decimal that reads back
  // as it, so the fewest decimals that round-trip give its length without printing it.
  const abs = Math.abs(value);
  if (abs >= 1e-4 && abs < 1e11) {
    for (let decimals = 1, scale = 10; decimals <= 4; decimals++, scale *= 10) {
      const scaled = Math.round(abs * scale);
      if (scaled / scale === abs) return sign + (scaled >= scale ? digits(scaled) + 1 : decimals + 2); // "12.34" or "0.05"
    }
  }
  return String(value).length;
}

/** Number of decimal digits of a non-negative safe integer. */
function digits(n: number): number {
  let count = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) count++;
  return count;
}
