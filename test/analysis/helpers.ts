import reference from './reference.json';

/** Reference values from scripts/reference/analysis.py (SciPy); CI only reads them. */
export { reference };

/** |actual − expected| / max(|expected|, floor): relative error, absolute below `floor`. */
export function deviation(actual: number, expected: number, floor = 1e-300): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
}
