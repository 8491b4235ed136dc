/**
 * Transactions from a CSV file (one purchase a row: who, when, how much), turned into the
 * `track` events the profile counts as conversions. A header row names the columns; the
 * mapping says which is which. Fields may be quoted (`"1,200.50"` is not a number, though:
 * amounts use a dot and no grouping). A quoted field cannot span lines.
 */
import { readLines, SimulateInputError, type Chunks } from './ndjson';

/**
 * Which CSV column is the user, the date and the amount, and the event they become.
 *
 * @example
 * ```ts
 * const mapping: CsvMapping = { user: 'customer_id', date: 'order_date', amount: 'total' }; // -> track('purchase', { revenue: total })
 * ```
 */
export interface CsvMapping {
  /** Column of the user id (becomes `anonymousId` and `userId`). Default `user`. */
  user?: string;
  /** Column of the date or date-time (ISO 8601; a bare date means midnight UTC). Default `date`. */
  date?: string;
  /** Column of the amount. Default `amount`. */
  amount?: string;
  /** The event name. Default `purchase` (the lifecycle's default conversion event). */
  event?: string;
  /** The property the amount goes to. Default `revenue` (the lifecycle's default revenue property). */
  property?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Splits one CSV line into fields (RFC 4180 quoting within the line). */
function splitCsvLine(text: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) return undefined;
        value += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
      if (i < text.length && text[i] !== ',') return undefined;
    } else {
      const comma = text.indexOf(',', i);
      fields.push((comma < 0 ? text.slice(i) : text.slice(i, comma)).trim());
      i = comma < 0 ? text.length : comma;
    }
    if (i >= text.length) return fields;
    i++; // the comma
  }
}

/**
 * Reads a transactions CSV into recorded events, with their line numbers, ready for
 * `simulate`. Throws a {@link SimulateInputError} for a missing column, a bad date or amount.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * const events = readTransactionsCsv(createReadStream('orders.csv'), { user: 'customer', date: 'day', amount: 'total' });
 * const report = await simulate(events, { rules, order: 'time' });
 * ```
 */
export async function* readTransactionsCsv(chunks: Chunks, mapping: CsvMapping = {}): AsyncGenerator<{ line: number; value: unknown }> {
  const names = { user: mapping.user ?? 'user', date: mapping.date ?? 'date', amount: mapping.amount ?? 'amount' };
  const event = mapping.event ?? 'purchase';
  const property = mapping.property ?? 'revenue';
  let columns: { user: number; date: number; amount: number } | undefined;
  for await (const { line, text } of readLines(chunks)) {
    if (text.trim() === '') continue;
    const fields = splitCsvLine(line === 1 ? text.replace(/^\uFEFF/, '') : text);
    if (!fields) throw new SimulateInputError(line, 'malformed CSV (an unclosed or stray quote)');
    if (!columns) {
      const at = (key: keyof typeof names) => {
        const index = fields.indexOf(names[key]);
        if (index < 0) throw new SimulateInputError(line, `no "${names[key]}" column for the ${key} (columns: ${fields.join(', ')}); map it with ${key}=<column>`);
        return index;
      };
      columns = { user: at('user'), date: at('date'), amount: at('amount') };
      continue;
    }
    const user = fields[columns.user] ?? '';
    const dateText = fields[columns.date] ?? '';
    const amountText = fields[columns.amount] ?? '';
    if (user === '') throw new SimulateInputError(line, `${names.user}: empty user id`);
    // ISO 8601 only: "01/02/2025" is January or February depending on who wrote it.
    const time = !ISO_DATE.test(dateText) ? NaN : Date.parse(dateText.length === 10 ? `${dateText}T00:00:00Z` : dateText.replace(' ', 'T'));
    if (!Number.isFinite(time)) throw new SimulateInputError(line, `${names.date}: expected an ISO 8601 date, got ${JSON.stringify(dateText)}`);
    const amount = Number(amountText);
    if (amountText === '' || !Number.isFinite(amount)) throw new SimulateInputError(line, `${names.amount}: expected a number, got ${JSON.stringify(amountText)}`);
    yield { line, value: { type: 'track', event, properties: { [property]: amount }, anonymousId: user, userId: user, timestamp: new Date(time).toISOString() } };
  }
}
