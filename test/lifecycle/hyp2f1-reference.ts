/**
 * A slow, careful reference for 2F1: the power series in exact rational steps on BigInt
 * fixed-point numbers with 60 decimal digits, so rounding never reaches the 16th digit.
 * Parameters are decimal strings, taken exactly ("0.243" is 243/1000).
 */
const DIGITS = 60n;
const SCALE = 10n ** DIGITS;

function rational(decimal: string): [bigint, bigint] {
  const negative = decimal.startsWith('-');
  const [whole, fraction = ''] = decimal.replace('-', '').split('.');
  const q = 10n ** BigInt(fraction.length);
  const p = BigInt(whole! + fraction);
  return [negative ? -p : p, q];
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** 2F1(a, b; c; z) for |z| < 1, to about 1e-30 relative (fine unless the sum nearly cancels). */
export function referenceHyp2f1(a: string, b: string, c: string, z: string): number {
  const [ap, aq] = rational(a);
  const [bp, bq] = rational(b);
  const [cp, cq] = rational(c);
  const [zp, zq] = rational(z);
  let term = SCALE;
  let sum = SCALE;
  for (let k = 0n; k < 5_000_000n; k++) {
    const numerator = (ap + k * aq) * (bp + k * bq) * cq * zp;
    const denominator = aq * bq * (cp + k * cq) * (k + 1n) * zq;
    term = (term * numerator) / denominator;
    sum += term;
    // |ratio| < 1 from here on and the term is negligible: the tail is a geometric-like series.
    if (abs(numerator) < abs(denominator) && abs(term) * 10n ** 32n < abs(sum) && k > 10n) break;
    if (term === 0n) break;
  }
  // Scale down in two steps so the Number conversion keeps 16+ digits.
  const shift = 10n ** (DIGITS - 20n);
  return Number(sum / shift) / 1e20;
}
