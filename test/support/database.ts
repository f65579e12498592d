// A fresh, empty database for one test file: a temp SQLite file, or, when TEST_DATABASE_URL is set
// (e.g. postgresql://postgres@127.0.0.1:5432/test), a unique schema in that PostgreSQL database.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, type Database } from '../../server/db/client.ts';
import { applyMigrations } from '../../server/db/migrate.ts';
import type { Provider } from '../../server/db/url.ts';

export interface TestDatabase {
  /** A DATABASE_URL for the app, createDatabase and applyMigrations. */
  url: string;
  provider: Provider;
  /** SQLite only: the database file (its -wal and -shm files sit beside it). */
  filename?: string;
  /** Drops the schema or deletes the temp directory. */
  cleanup(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply the committed migrations before returning (default false: the database is empty). */
  migrate?: boolean;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const database = process.env.TEST_DATABASE_URL ? await postgresSchema(process.env.TEST_DATABASE_URL) : await sqliteFile();
  if (options.migrate) await applyMigrations(database.url);
  return database;
}

export interface OpenTestDatabase extends TestDatabase {
  /** The app's client on it. */
  db: Database;
  /** Closes the client, then removes the database. */
  close(): Promise<void>;
}

/** A fresh database with the committed migrations applied, opened with the app's own client. */
export async function openTestDatabase(): Promise<OpenTestDatabase> {
  const database = await createTestDatabase({ migrate: true });
  const db = await createDatabase(database.url);
  return {
    ...database,
    db,
    async close() {
      await db.close();
      await database.cleanup();
    },
  };
}

async function sqliteFile(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'appeal-letters-test-'));
  const filename = path.join(dir, 'test.db');
  return {
    url: `file:${filename}`,
    provider: 'sqlite',
    filename,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresSchema(baseUrl: string): Promise<TestDatabase> {
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(baseUrl);
  url.searchParams.set('schema', schema);
  const base = new URL(baseUrl);
  base.searchParams.delete('schema');
  return {
    url: url.toString(),
    provider: 'postgresql',
    async cleanup() {
      const client = new pg.Client({ connectionString: base.toString() });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
