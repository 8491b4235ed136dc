/**
 * Version strings made comparable as plain strings, with GrowthBook's semantics:
 * a leading `v` and `+build` are ignored, parts split on `.` and `-`, numeric parts are
 * left-padded so that `"9" < "10"`, and a plain `x.y.z` sorts after its pre-releases.
 */

const NUMERIC = /^[0-9]+$/;

/**
 * Turns a version into a string that compares correctly with `<`, `>` and `===`.
 *
 * @example
 * ```ts
 * comparableVersion('1.10.0') > comparableVersion('1.9.0'); // true
 * comparableVersion('1.0.0') > comparableVersion('1.0.0-rc.1'); // true
 * ```
 */
export function comparableVersion(input: unknown): string {
  let text = typeof input === 'number' ? String(input) : input;
  if (!text || typeof text !== 'string') text = '0';
  let cleaned = text as string;
  if (cleaned.charCodeAt(0) === 118 /* v */) cleaned = cleaned.slice(1);
  const plus = cleaned.indexOf('+');
  if (plus >= 0) cleaned = cleaned.slice(0, plus);
  const parts = cleaned.split(/[-.]/);
  // "~" is above every other printable ASCII character: a release beats its pre-releases.
  if (parts.length === 3) parts.push('~');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (NUMERIC.test(part)) parts[i] = part.padStart(5, ' ');
  }
  return parts.join('-');
}
