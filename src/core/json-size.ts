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
  // Integers below 2^53 print as their digits; counting them allocates nothing.
  if (Number.isSafeInteger(value)) {
    let bytes = value < 0 ? 2 : 1;
    for (let rest = Math.abs(value); rest >= 10; rest = Math.floor(rest / 10)) bytes++;
    return bytes;
  }
  return String(value).length;
}
