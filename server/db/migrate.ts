// Applies the committed migrations in prisma/<provider>/migrations at boot, keeping the
// `_prisma_migrations` table exactly as `prisma migrate deploy` does, so either tool can take over.
// Plain drivers rather than the schema engine: no WebAssembly at boot, and each migration runs in
// one transaction with its bookkeeping (the native engine does not wrap migrations in one).
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { parseDatabaseUrl, quoteIdent, type Provider } from './url.ts';

export interface Migration {
  /** Directory name, e.g. `20250101000000_init`; migrations apply in name order. */
  name: string;
  script: string;
  /** sha256 hex of migration.sql, as Prisma stores it. */
  checksum: string;
}

export type MigrationErrorCode =
  | 'MIGRATIONS_INVALID'
  | 'MIGRATION_FAILED'
  | 'MIGRATION_UNFINISHED'
  | 'MIGRATION_MODIFIED'
  | 'MIGRATION_LOCK_TIMEOUT';

export class MigrationError extends Error {
  readonly code: MigrationErrorCode;
  readonly migrationName: string | undefined;
  constructor(code: MigrationErrorCode, message: string, migrationName?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
    this.code = code;
    this.migrationName = migrationName;
  }
}

export interface ApplyMigrationsOptions {
  /** Defaults to prisma/<provider>/migrations of this repository. */
  migrationsDir?: string;
  /** PostgreSQL: how long to wait for another instance that is migrating. */
  lockTimeoutMs?: number;
}

export interface ApplyMigrationsResult {
  provider: Provider;
  applied: string[];
}

/** Prisma's own advisory lock key, so this and `prisma migrate deploy` exclude each other too. */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultMigrationsDir = (provider: Provider) => path.join(repoRoot, 'prisma', provider, 'migrations');

export const checksumOf = (script: string) => createHash('sha256').update(script).digest('hex');

// Prisma accepts a script whose line endings were changed by git (CRLF <-> LF) as unmodified.
const matchesChecksum = (script: string, checksum: string) =>
  checksumOf(script) === checksum || checksumOf(script.replace(/\r\n/g, '\n')) === checksum;

/** Reads `<dir>/<name>/migration.sql` for every sub-directory, sorted by name. */
export function readMigrations(provider: Provider, dir = defaultMigrationsDir(provider)): Migration[] {
  if (!existsSync(dir)) throw new MigrationError('MIGRATIONS_INVALID', `No migrations directory at ${dir}`);
  const lockPath = path.join(dir, 'migration_lock.toml');
  if (existsSync(lockPath)) {
    const locked = /^\s*provider\s*=\s*"([^"]*)"/m.exec(readFileSync(lockPath, 'utf8'))?.[1];
    if (locked !== provider) {
      throw new MigrationError(
        'MIGRATIONS_INVALID',
        `${lockPath} is for provider "${locked ?? '?'}", but the database is ${provider}`,
      );
    }
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!existsSync(file)) {
        throw new MigrationError('MIGRATIONS_INVALID', `Migration directory ${name} has no migration.sql`, name);
      }
      const script = readFileSync(file, 'utf8');
      return { name, script, checksum: checksumOf(script) };
    });
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  logs: string | null;
}

/** Checks what is recorded against what is committed; returns the migrations still to apply. */
function plan(migrations: Migration[], rows: MigrationRow[], logger: Logger): Migration[] {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const unfinished = live.find((row) => row.finished_at === null);
  if (unfinished) {
    const name = unfinished.migration_name;
    throw new MigrationError(
      'MIGRATION_UNFINISHED',
      `Migration ${name} was started but never finished, so the database may be half-migrated. ` +
        `Recorded error: ${unfinished.logs?.trim() || '(none)'}. Inspect and repair the database, then mark it ` +
        `with \`prisma migrate resolve --rolled-back ${name}\` (or --applied), or in SQL: ` +
        `UPDATE _prisma_migrations SET rolled_back_at = CURRENT_TIMESTAMP ` +
        `WHERE migration_name = '${name}' AND finished_at IS NULL. Refusing to start.`,
      name,
    );
  }
  const applied = new Map(live.map((row) => [row.migration_name, row]));
  for (const migration of migrations) {
    const row = applied.get(migration.name);
    if (row && !matchesChecksum(migration.script, row.checksum)) {
      throw new MigrationError(
        'MIGRATION_MODIFIED',
        `Migration ${migration.name} was modified after it was applied (checksum ${row.checksum} in the database, ` +
          `${migration.checksum} on disk). Restore the committed migration.sql and put changes in a new migration. ` +
          `Refusing to start.`,
        migration.name,
      );
    }
  }
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...applied.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    logger.warn({ migrations: unknown }, 'database has migrations that this code does not know (newer version?)');
  }
  return migrations.filter((migration) => !applied.has(migration.name));
}

const failedMessage = (name: string, error: unknown) =>
  `Migration ${name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}. ` +
  `Fix the cause (or the migration, if it was never applied anywhere) and restart.`;

const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

const SELECT_ROWS =
  'SELECT migration_name, checksum, finished_at, rolled_back_at, logs FROM "_prisma_migrations" ORDER BY started_at';

function applySqlite(filename: string, migrations: Migration[], logger: Logger): string[] {
  mkdirSync(path.dirname(filename), { recursive: true });
  const db = new Sqlite(filename, { timeout: 15_000 });
  // The text form Prisma 7's schema engine writes into SQLite through its driver adapter.
  const now = () => new Date().toISOString().replace('Z', '+00:00');
  try {
    db.exec(SQLITE_MIGRATIONS_TABLE);
    const readRows = () => db.prepare(SELECT_ROWS).all() as MigrationRow[];
    const pending = plan(migrations, readRows(), logger);
    const applied: string[] = [];
    for (const migration of pending) {
      // IMMEDIATE takes the write lock up front; another process that applied this migration
      // while we waited is then visible, and we skip it.
      db.exec('BEGIN IMMEDIATE');
      const id = randomUUID();
      try {
        if (!plan(migrations, readRows(), logger).some((m) => m.name === migration.name)) {
          db.exec('COMMIT');
          continue;
        }
        db.prepare(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)',
        ).run(id, migration.checksum, migration.name, now());
        db.exec(migration.script);
        db.prepare('UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?').run(now(), id);
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        if (error instanceof MigrationError) throw error;
        // An audit row, already marked rolled back: Prisma ignores it and will retry the migration.
        try {
          db.prepare(
            'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, ?, 0)',
          ).run(id, migration.checksum, migration.name, String(error), now(), now());
        } catch {
          // The migration's own error below is the one to report.
        }
        throw new MigrationError('MIGRATION_FAILED', failedMessage(migration.name, error), migration.name, { cause: error });
      }
      applied.push(migration.name);
      logger.info({ migration: migration.name }, 'migration applied');
    }
    return applied;
  } finally {
    db.close();
  }
}

async function applyPostgres(
  connectionString: string,
  schema: string | undefined,
  migrations: Migration[],
  logger: Logger,
  lockTimeoutMs: number,
): Promise<string[]> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  // A dropped connection emits 'error'; without a listener that would crash the process.
  client.on('error', (err) => logger.error({ err }, 'migration connection error'));
  try {
    await client.connect();
  } catch (error) {
    // Not the URL: it may hold a password.
    throw new Error(`Could not connect to PostgreSQL to apply migrations: ${String(error)}`, { cause: error });
  }
  let locked = false;
  try {
    await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
    try {
      await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
      locked = true;
    } catch (error) {
      throw new MigrationError(
        'MIGRATION_LOCK_TIMEOUT',
        `Could not take the migration lock within ${lockTimeoutMs} ms (is another instance migrating?): ${String(error)}`,
        undefined,
        { cause: error },
      );
    }
    await client.query('RESET lock_timeout');
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    }
    await client.query(POSTGRES_MIGRATIONS_TABLE);
    const pending = plan(migrations, (await client.query<MigrationRow>(SELECT_ROWS)).rows, logger);
    const applied: string[] = [];
    for (const migration of pending) {
      const id = randomUUID();
      await client.query('BEGIN');
      try {
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, clock_timestamp(), 0)',
          [id, migration.checksum, migration.name],
        );
        // No parameters: node-postgres sends it with the simple protocol, which runs many statements.
        await client.query(migration.script);
        await client.query(
          'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
          [id],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        await client
          .query(
            'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, now(), now(), 0)',
            [id, migration.checksum, migration.name, String(error)],
          )
          .catch(() => {});
        throw new MigrationError('MIGRATION_FAILED', failedMessage(migration.name, error), migration.name, { cause: error });
      }
      applied.push(migration.name);
      logger.info({ migration: migration.name }, 'migration applied');
    }
    return applied;
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}

/**
 * Applies every committed migration not yet recorded in the database. Throws a MigrationError
 * (with a message meant for the operator) when the history is broken: boot must stop then.
 */
export async function applyMigrations(
  databaseUrl: string,
  logger: Logger = silentLogger,
  options: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const target = parseDatabaseUrl(databaseUrl);
  const migrations = readMigrations(target.provider, options.migrationsDir);
  const applied =
    target.provider === 'sqlite'
      ? applySqlite(target.filename, migrations, logger)
      : await applyPostgres(target.connectionString, target.schema, migrations, logger, options.lockTimeoutMs ?? 60_000);
  if (applied.length === 0) logger.info({ provider: target.provider }, 'database schema is up to date');
  return { provider: target.provider, applied };
}
