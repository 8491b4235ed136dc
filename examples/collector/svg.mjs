/**
 * Charts as server-rendered SVG: no script, and colours as presentation attributes, which
 * the page's CSP allows (it forbids inline `style` attributes). Each chart is an image with
 * a title and a description; the numbers it draws are also in a table next to it.
 */
import { escapeHtml } from './html.mjs';

/** Colours with at least 4.5:1 contrast on white, for text and marks alike. */
export const COLOURS = { up: '#17693a', down: '#b3261e', neutral: '#555555', axis: '#767676', grid: '#d0d0d0' };
/** One colour per lifecycle stage, in the order the stages are checked. */
export const STAGE_COLOURS = /** @type {Record<string, string>} */ ({
  potential: '#6a3d9a', new: '#1f78b4', active: '#17693a', resurrected: '#b15928', silent: '#8c6d1f', churned: '#b3261e',
});

/**
 * @param {string} id unique in the page
 * @param {string} title
 * @param {string} description
 * @param {number} width
 * @param {number} height
 * @param {string} body
 * @returns {string}
 */
function svg(id, title, description, width, height, body) {
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(description)}</desc>
${body}</svg>`;
}

/**
 * Ticks at round steps covering [min, max].
 *
 * @param {number} min
 * @param {number} max
 * @returns {number[]}
 */
function ticks(min, max) {
  const raw = (max - min) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) out.push(Math.round(t / step) * step);
  return out;
}

/** @param {number} x */
const percent = (x) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(Math.round(x * 1000) / 10)}%`;

/**
 * The relative lift of each treatment with its interval, against a line at zero (no effect).
 *
 * @example
 * ```js
 * liftChart('offer-conv', 'Conversion', [{ id: 'b', lift: 0.12, ci: [0.03, 0.21], tone: 'up' }]);
 * ```
 * @param {string} id
 * @param {string} metric what the lift is of, e.g. "conversion"
 * @param {{ id: string, lift: number, ci: [number, number], tone: 'up' | 'down' | 'neutral' }[]} arms
 * @returns {string}
 */
export function liftChart(id, metric, arms) {
  const width = 640;
  const left = 110;
  const right = 24;
  const row = 36;
  const height = 40 + row * arms.length;
  const values = arms.flatMap((arm) => [arm.ci[0], arm.ci[1], arm.lift]).filter(Number.isFinite);
  const span = Math.max(0.05, ...values.map(Math.abs));
  const [min, max] = [Math.min(0, ...values) - span * 0.1, Math.max(0, ...values) + span * 0.1];
  const x = (/** @type {number} */ v) => left + ((v - min) / (max - min)) * (width - left - right);
  const grid = ticks(min, max)
    .map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="8" y2="${height - 24}" stroke="${COLOURS.grid}"/>` +
      `<text x="${x(t)}" y="${height - 8}" text-anchor="middle" font-size="12" fill="${COLOURS.axis}">${percent(t)}</text>`)
    .join('');
  const zero = `<line x1="${x(0)}" x2="${x(0)}" y1="4" y2="${height - 24}" stroke="#1a1a1a" stroke-width="1.5" stroke-dasharray="4 3"/>`;
  const marks = arms
    .map((arm, i) => {
      const y = 24 + i * row;
      const colour = COLOURS[arm.tone];
      return `<text x="${left - 12}" y="${y + 5}" text-anchor="end" font-size="14" fill="#1a1a1a">${escapeHtml(arm.id)}</text>` +
        `<line x1="${x(arm.ci[0])}" x2="${x(arm.ci[1])}" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="4" stroke-linecap="round"/>` +
        `<circle cx="${x(arm.lift)}" cy="${y}" r="7" fill="${colour}" stroke="#ffffff" stroke-width="2"/>`;
    })
    .join('');
  const description = arms.map((arm) => `${arm.id}: ${percent(arm.lift)} (interval ${percent(arm.ci[0])} to ${percent(arm.ci[1])})`).join('; ');
  return svg(id, `Lift in ${metric} against the holdout, with 95% intervals`, description, width, height, grid + zero + marks);
}

/**
 * Vertical bars, one per label.
 *
 * @param {string} id
 * @param {string} title
 * @param {{ label: string, value: number }[]} bars
 * @returns {string}
 */
export function barChart(id, title, bars) {
  const width = 640;
  const height = 180;
  const top = 12;
  const bottom = 28;
  const left = 48;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = (width - left - 8) / Math.max(1, bars.length);
  const y = (/** @type {number} */ v) => height - bottom - (v / max) * (height - top - bottom);
  const axis = ticks(0, max)
    .map((t) => `<line x1="${left}" x2="${width - 8}" y1="${y(t)}" y2="${y(t)}" stroke="${COLOURS.grid}"/>` +
      `<text x="${left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11" fill="${COLOURS.axis}">${t}</text>`)
    .join('');
  const marks = bars
    .map((b, i) => {
      const x = left + i * step + step * 0.15;
      const label = i % Math.ceil(bars.length / 7) === 0 ? `<text x="${x + step * 0.35}" y="${height - 10}" text-anchor="middle" font-size="11" fill="${COLOURS.axis}">${escapeHtml(b.label.slice(5))}</text>` : '';
      return `<rect x="${x}" y="${y(b.value)}" width="${step * 0.7}" height="${height - bottom - y(b.value)}" fill="#1f78b4"/>${label}`;
    })
    .join('');
  const description = bars.map((b) => `${b.label}: ${b.value}`).join(', ');
  return svg(id, title, description || 'no data yet', width, height, axis + marks);
}

/**
 * Stacked bars: per label, the share of each part (e.g. each lifecycle stage per week).
 *
 * @param {string} id
 * @param {string} title
 * @param {{ label: string, parts: Record<string, number> }[]} bars
 * @param {Record<string, string>} colours per part
 * @returns {string}
 */
export function stackedBarChart(id, title, bars, colours) {
  const width = 640;
  const height = 200;
  const bottom = 28;
  const step = (width - 8) / Math.max(1, bars.length);
  const marks = bars
    .map((bar, i) => {
      const total = Object.values(bar.parts).reduce((a, b) => a + b, 0) || 1;
      let y = 8;
      const x = 4 + i * step + step * 0.1;
      const pieces = Object.keys(colours)
        .filter((part) => bar.parts[part])
        .map((part) => {
          const h = ((bar.parts[part] ?? 0) / total) * (height - bottom - 8);
          const rect = `<rect x="${x}" y="${y}" width="${step * 0.8}" height="${h}" fill="${colours[part]}"/>`;
          y += h;
          return rect;
        })
        .join('');
      return `${pieces}<text x="${x + step * 0.4}" y="${height - 10}" text-anchor="middle" font-size="11" fill="${COLOURS.axis}">${escapeHtml(bar.label.slice(5))}</text>`;
    })
    .join('');
  const description = bars.map((bar) => `${bar.label}: ${Object.entries(bar.parts).map(([k, v]) => `${k} ${v}`).join(', ')}`).join('; ');
  return svg(id, title, description || 'no data yet', width, height, marks);
}
