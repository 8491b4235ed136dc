/**
 * Part of the collector contract: inputs at the edge of what the database can hold or the
 * collector should take. Timestamps PostgreSQL cannot store and batches with very many
 * events must get a per-event rejection or a clear 4xx, never a 500 (clients retry a 500
 * for ever, so the valid events next to the bad one would never get in).
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { type Collector, post, trackEvent, storedIds, countEvents, getJson } from './helpers';

const OUT_OF_RANGE = 'timestamp: out of range: expected a date-time from 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z';

async function rejectedRows(collector: Collector): Promise<number> {
  const result = await collector.db.query('SELECT count(*)::int AS n FROM rejected_events');
  return Number(result.rows[0]?.n);
}

async function latestBatch(collector: Collector): Promise<Record<string, unknown> | undefined> {
  return (await collector.db.query('SELECT size, accepted, rejected, sent_at FROM batches ORDER BY id DESC LIMIT 1')).rows[0];
}

/** Registers the checks against the collector `current()` returns when they run. */
export function limitChecks(current: () => Collector): void {
  describe('at the limits', () => {
    it('rejects each event whose timestamp is out of range and stores the rest (the audit repro)', async () => {
      const prefix = randomUUID();
      const { status, json } = await post(current(), {
        batch: [
          { type: 'track', event: 'ok', messageId: `${prefix}-m13`, anonymousId: 'a' },
          { type: 'track', event: 'x', messageId: `${prefix}-m14`, anonymousId: 'a', timestamp: '0000-01-01' },
        ],
      });
      expect(status).toBe(200);
      expect(json).toEqual({ success: true, accepted: 1, duplicates: 0, rejected: [{ index: 1, messageId: `${prefix}-m14`, reason: OUT_OF_RANGE }] });
      expect(await storedIds(current(), prefix)).toEqual([`${prefix}-m13`]);
    });

    it('stores the first and last storable instants, and rejects one millisecond beyond, in any offset', async () => {
      const prefix = randomUUID();
      const at = (name: string, timestamp: string) => trackEvent({ messageId: `${prefix}-${name}`, timestamp, anonymousId: prefix });
      const { status, json } = await post(current(), {
        batch: [
          at('first', '0001-01-01T00:00:00Z'),
          at('last', '9999-12-31T23:59:59.999Z'),
          at('last-offset', '9999-12-31T23:59:59.999+00:00'),
          at('year-zero', '0000-12-31T23:59:59.999Z'),
          at('before-first', '0001-01-01T00:00:00+01:00'), // 0000-12-31T23:00Z
          at('after-last', '9999-12-31T23:59:59-14:00'), // 10000-01-01T13:59:59Z
          at('after-last-ms', '9999-12-31T23:59:59.9999-00:01'),
        ],
      });
      expect(status).toBe(200);
      expect(json.accepted).toBe(3);
      expect(json.rejected.map((r) => [r.index, r.reason])).toEqual([3, 4, 5, 6].map((index) => [index, OUT_OF_RANGE]));
      // Stored as the same instants, not shifted or clamped.
      const stored = await current().db.query(
        `SELECT message_id, timestamp = $2::timestamptz AS first, timestamp = $3::timestamptz AS last
         FROM events WHERE message_id LIKE $1 ORDER BY message_id`,
        [`${prefix}%`, '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z'],
      );
      expect(stored.rows).toEqual([
        { message_id: `${prefix}-first`, first: true, last: false },
        { message_id: `${prefix}-last`, first: false, last: true },
        { message_id: `${prefix}-last-offset`, first: false, last: true },
      ]);
      // And read back as they were sent (PGlite's driver alone would read the year 1 as 2001).
      const read = await getJson<{ events: { timestamp: string }[] }>(current(), `/v1/events?anonymousId=${prefix}&order=asc`);
      expect(read.json.events.map((e) => e.timestamp)).toEqual(['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z']);
    });

    it('stores the events of a batch whose sentAt is out of range, with sent_at unknown', async () => {
      for (const sentAt of ['0000-06-01T00:00:00Z', '9999-12-31T23:59:59-14:00']) {
        const prefix = randomUUID();
        const { status, json } = await post(current(), { batch: [trackEvent({ messageId: `${prefix}-1` })], sentAt });
        expect(status).toBe(200);
        expect(json).toEqual({ success: true, accepted: 1, duplicates: 0, rejected: [] });
        expect(await latestBatch(current())).toEqual({ size: 1, accepted: 1, rejected: 0, sent_at: null });
      }
    });

    it('answers 413 for more than 2,000 events in one batch, and stores or records nothing of it', async () => {
      const prefix = randomUUID();
      const small = (i: number) => ({ type: 'track', event: 'e', messageId: `${prefix}-${i}`, anonymousId: 'a' });
      const rejectedBefore = await rejectedRows(current());
      // The audit's body: 120,000 items in 360 KB, under the body limit.
      const flood = `{"batch":[${Array.from({ length: 120_000 }, () => '0').join(',')}]}`;
      for (const body of [flood, { batch: Array.from({ length: 2001 }, (_, i) => small(i)) }]) {
        const { status, json } = await post(current(), body);
        expect(status).toBe(413);
        expect(json).toEqual({ success: false, error: expect.stringMatching(/^batch: (120000|2001) events, over the limit of 2000; send smaller batches$/) });
      }
      expect(await countEvents(current(), prefix)).toBe(0);
      expect(await rejectedRows(current())).toBe(rejectedBefore);
      // 2,000 is still one batch.
      const full = await post(current(), { batch: Array.from({ length: 2000 }, (_, i) => small(i)) });
      expect(full.status).toBe(200);
      expect(full.json.accepted).toBe(2000);
    });

    it('lists the first 100 rejections, counts the others, and records them all', async () => {
      const prefix = randomUUID();
      const rejectedBefore = await rejectedRows(current());
      const batch = Array.from({ length: 1500 }, (_, i) => (i % 500 === 0 ? trackEvent({ messageId: `${prefix}-${i}` }) : { type: 'track', messageId: `${prefix}-${i}` }));
      const { status, json } = await post(current(), { batch });
      expect(status).toBe(200);
      expect(json.accepted).toBe(3);
      expect(json.rejected).toHaveLength(100);
      expect(json.rejected[0]?.index).toBe(1);
      expect(json.rejectedOmitted).toBe(1397);
      expect(json.accepted + json.duplicates + json.rejected.length + (json.rejectedOmitted ?? 0)).toBe(batch.length);
      expect(JSON.stringify(json).length).toBeLessThan(16 * 1024);
      expect(await rejectedRows(current())).toBe(rejectedBefore + 1497);
      expect(await latestBatch(current())).toMatchObject({ size: 1500, accepted: 3, rejected: 1497 });
    });
  });
}
