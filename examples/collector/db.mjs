/**
 * One small database adapter over two engines: PGlite (PostgreSQL compiled to
 * WebAssembly, on disk in a folder) and a real PostgreSQL server through `pg`.
 * Both speak the same SQL, so everything above this file is written once.
 *
 * Results are normalised to plain rows. PGlite returns int8 as a number and `pg`
 * as a string, so callers cast counts to `int` in SQL rather than trusting either.
 */
import { mkdir } from 'node:fs/promises';
import { lockDataDir } from './lock.mjs';

/**
 * @typedef {object} QueryResult
 * @property {Record<string, unknown>[]} rows
 * @property {number} rowCount
 */

/**
 * @typedef {object} Queryable
 * @property {(sql: string, params?: unknown[]) => Promise<QueryResult>} query
 */

/**
 * @typedef {object} Database
 * @property {'pglite' | 'postgres'} kind Which engine is behind the adapter.
 * @property {(sql: string, params?: unknown[]) => Promise<QueryResult>} query One statement, outside any transaction.
 * @property {<T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>} transaction
 *   Runs `fn` in one transaction: committed when `fn` resolves, rolled back when it throws.
 *   The returned promise settles only after COMMIT has returned.
 * @property {() => Promise<void>} close
 */

/**
 * Opens the database: PostgreSQL when `databaseUrl` is given, PGlite in `dataDir` otherwise.
 *
 * @example
 * ```js
 * const db = await openDatabase({ dataDir: './data' });
 * await db.transaction(async (tx) => { await tx.query('INSERT ...', [1]); });
 * ```
 * @param {{ dataDir: string, databaseUrl?: string | undefined }} options
 * @returns {Promise<Database>}
 */
export async function openDatabase({ dataDir, databaseUrl }) {
  return databaseUrl ? openPostgres(databaseUrl) : openPGlite(dataDir);
}

/**
 * @param {string} dataDir
 * @returns {Promise<Database>}
 */
async function openPGlite(dataDir) {
  // Imported on demand: a PostgreSQL deployment never loads the WebAssembly build.
  const { PGlite } = await import('@electric-sql/pglite');
  await mkdir(dataDir, { recursive: true });
  // One process per folder: a second collector here would corrupt it without an error.
  const release = await lockDataDir(dataDir, {
    onStale: (holder) => console.warn(`collector: taking over ${dataDir}: its lock was left by pid ${holder.pid} (started ${holder.startedAt}), which is no longer running`),
  });
  let db;
  try {
    db = await PGlite.create(dataDir);
  } catch (err) {
    await release();
    throw err;
  }
  const pglite = db;
  /** @type {(q: { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[], affectedRows?: number }> }) => Queryable} */
  const wrap = (q) => ({
    async query(sql, params = []) {
      const result = await q.query(sql, params);
      return { rows: /** @type {Record<string, unknown>[]} */ (result.rows), rowCount: result.affectedRows ?? result.rows.length };
    },
  });
  const outside = wrap(db);
  return {
    kind: 'pglite',
    query: outside.query,
    // PGlite serialises transactions on its single connection: concurrent batches queue up here.
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    async close() {
      try {
        await pglite.close();
      } finally {
        await release();
      }
    },
  };
}

/**
 * @param {string} databaseUrl
 * @returns {Promise<Database>}
 */
async function openPostgres(databaseUrl) {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle client losing its connection must not crash the collector; the next query reconnects.
  pool.on('error', (err) => console.error(`collector: idle PostgreSQL connection failed: ${err.message}`));
  /** @type {(q: { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[], rowCount: number | null }> }) => Queryable} */
  const wrap = (q) => ({
    async query(sql, params = []) {
      const result = await q.query(sql, params);
      return { rows: /** @type {Record<string, unknown>[]} */ (result.rows), rowCount: result.rowCount ?? result.rows.length };
    },
  });
  // Fail at start, not at the first batch, when the server is unreachable.
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    query: wrap(pool).query,
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection is gone: do not hand it back to the pool
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
