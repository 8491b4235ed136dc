/**
 * HTML helpers for the dashboard: escaping, tables and number formats. Every value from the
 * database is escaped, since event names and properties come from whoever holds the (public)
 * write key.
 */

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```js
 * escapeHtml('<b>"x"</b>'); // '&#60;b&#62;&#34;x&#34;&#60;/b&#62;'
 * ```
 * @param {unknown} value
 * @returns {string}
 */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Numbers the captions' ids; only uniqueness within a page matters. */
let tables = 0;

/**
 * A table cell: plain values are escaped; `{ html }` is markup this code built; `{ text, className }` adds a class.
 *
 * @typedef {unknown | { html: string } | { text: unknown, className: string }} Cell
 */

/**
 * A table with column headings (and, when `rowHeadings`, the first cell of each row as a row heading).
 *
 * @example
 * ```js
 * table(['stage', 'devices'], [['active', 12]], { caption: 'Devices per stage' });
 * ```
 * @param {string[]} headings
 * @param {Cell[][]} rows
 * @param {{ caption?: string, rowHeadings?: boolean, className?: string }} [options]
 * @returns {string}
 */
export function table(headings, rows, options = {}) {
  const head = headings.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const cell = (/** @type {Cell} */ value, /** @type {boolean} */ heading) => {
    const tag = heading ? 'th scope="row"' : 'td';
    const close = heading ? 'th' : 'td';
    if (value !== null && typeof value === 'object' && 'html' in value) return `<${tag}>${/** @type {{ html: string }} */ (value).html}</${close}>`;
    if (value !== null && typeof value === 'object' && 'className' in value) {
      const { text, className } = /** @type {{ text: unknown, className: string }} */ (value);
      return `<${tag} class="${escapeHtml(className)}">${escapeHtml(text ?? '')}</${close}>`;
    }
    return `<${tag}>${escapeHtml(value ?? '')}</${close}>`;
  };
  const body = rows.length
    ? rows.map((row) => `<tr>${row.map((value, i) => cell(value, i === 0 && options.rowHeadings === true)).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${headings.length}">none yet</td></tr>`;
  // The caption sits outside the scrolling box, so a narrow screen shows all of it; the table
  // takes it as its name.
  const id = `t${++tables}`;
  const caption = options.caption ? `<p class="caption" id="${id}">${escapeHtml(options.caption)}</p>` : '';
  const attributes = `${options.caption ? ` aria-labelledby="${id}"` : ''}${options.className ? ` class="${options.className}"` : ''}`;
  return `${caption}<div class="scroll"><table${attributes}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/**
 * A share as a percentage with at most one decimal, or an en dash when there is none.
 *
 * @example
 * ```js
 * rate(0.1234); // '12.3%'
 * ```
 * @param {number | null | undefined} value
 * @returns {string}
 */
export function rate(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${Math.round(value * 1000) / 10}%`;
}

/**
 * A relative change as a signed percentage: `+12%`, `−3.5%`.
 *
 * @param {number} value
 * @returns {string}
 */
export function signedRate(value) {
  const rounded = Math.round(Math.abs(value) * 1000) / 10;
  return `${value > 0 && rounded > 0 ? '+' : value < 0 && rounded > 0 ? '−' : ''}${rounded}%`;
}

/**
 * `part / whole` as a percentage, or an en dash when `whole` is 0.
 *
 * @param {number} part
 * @param {number} whole
 * @returns {string}
 */
export function ratio(part, whole) {
  return whole > 0 ? rate(part / whole) : '–';
}

/**
 * Money with two decimals (the currency is whatever the events used).
 *
 * @param {number | null} value
 * @returns {string}
 */
export function money(value) {
  return value === null || !Number.isFinite(value) ? '–' : value.toFixed(2);
}
