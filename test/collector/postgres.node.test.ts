/**
 * The collector contract on a real PostgreSQL server, when DATABASE_URL points at one.
 * The suite runs in a schema of its own, dropped at the end, so it never touches the
 * tables of a collector already using that database.
 */
import { describe, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { collectorContract } from './contract';
import { startCollector, WRITE_KEY } from './helpers';

const databaseUrl = process.env.DATABASE_URL;

if (!databaseUrl) {
  describe('collector on PostgreSQL', () => {
    it.skip('needs DATABASE_URL (e.g. postgres://user:pass@127.0.0.1:5432/db); the PGlite suite covers the same SQL', () => {});
  });
} else {
  const schema = `nk_test_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  // Every connection of the collector's pool starts with search_path set to the test schema.
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);

  collectorContract('PostgreSQL', {
    start: () => startCollector({ writeKey: WRITE_KEY, databaseUrl: url.toString() }),
    cleanup: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  });
}
