/**
 * The collector's tables. Created on start with IF NOT EXISTS, under an advisory lock so
 * two collectors starting at once against one PostgreSQL do not race on the catalog.
 */

/** Any fixed number: the key of the advisory lock held while the schema is created. */
const SCHEMA_LOCK = 7_340_551;

const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS events (
    message_id   text PRIMARY KEY,
    seq          bigserial NOT NULL,
    type         text NOT NULL,
    event        text,
    user_id      text,
    anonymous_id text,
    timestamp    timestamptz NOT NULL,
    received_at  timestamptz NOT NULL,
    sent_at      timestamptz,
    stage        text,
    tier         text,
    properties   jsonb NOT NULL DEFAULT '{}'::jsonb,
    context      jsonb NOT NULL DEFAULT '{}'::jsonb,
    raw          jsonb NOT NULL
  )`,
  'CREATE INDEX IF NOT EXISTS events_seq ON events (seq)',
  'CREATE INDEX IF NOT EXISTS events_event ON events (event)',
  'CREATE INDEX IF NOT EXISTS events_timestamp ON events (timestamp)',
  'CREATE INDEX IF NOT EXISTS events_device ON events ((coalesce(anonymous_id, user_id)), timestamp)',
  `CREATE TABLE IF NOT EXISTS rejected_events (
    id           bigserial PRIMARY KEY,
    batch_id     bigint NOT NULL,
    batch_index  integer NOT NULL,
    message_id   text,
    reason       text NOT NULL,
    received_at  timestamptz NOT NULL,
    raw_json     text
  )`,
  `CREATE TABLE IF NOT EXISTS batches (
    id           bigserial PRIMARY KEY,
    received_at  timestamptz NOT NULL,
    sent_at      timestamptz,
    auth         text NOT NULL,
    bytes        integer NOT NULL,
    size         integer NOT NULL,
    accepted     integer NOT NULL,
    duplicates   integer NOT NULL,
    rejected     integer NOT NULL
  )`,
];

/**
 * Creates the tables and indexes if they are missing. Safe to run on every start.
 *
 * @example
 * ```js
 * const db = await openDatabase({ dataDir });
 * await migrate(db);
 * ```
 * @param {import('./db.mjs').Database} db
 * @returns {Promise<void>}
 */
export async function migrate(db) {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    for (const statement of STATEMENTS) await tx.query(statement);
  });
}
