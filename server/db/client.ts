// One factory for the database, whichever provider DATABASE_URL names. Prisma generates one client
// per provider (a schema has one provider); the models are identical, so the rest of the app sees
// both through the SQLite client's type.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';
import Sqlite from 'better-sqlite3';
import { PrismaClient as PostgresPrismaClient } from './generated/postgresql/client.ts';
import { PrismaClient as SqlitePrismaClient } from './generated/sqlite/client.ts';
import { applyMigrations } from './migrate.ts';
import { parseDatabaseUrl, quoteIdent, type Provider } from './url.ts';

export type PrismaClient = SqlitePrismaClient;
export type DailyCountDelegate = PrismaClient['dailyCount'];

export interface Database {
  provider: Provider;
  /** Prefer the query functions in daily-counts.ts over using this directly. */
  prisma: PrismaClient;
  counts: DailyCountDelegate;
  /** Throws unless the database answers a trivial query and, for SQLite, its file is still in place (checkFile). */
  ping(): Promise<void>;
  /**
   * SQLite: throws DatabaseFileError when the file this process has open is no longer the one at its path (deleted,
   * moved away, replaced), since writes would go on succeeding into a file nobody will read again. When a database
   * file is at the path again (a backup put back), it is migrated and opened instead, and this returns. Cheap (one
   * stat): checked before every write of counts. PostgreSQL: nothing to check.
   */
  checkFile(): Promise<void>;
  /** Final: afterwards every query fails (Prisma alone would quietly reconnect). */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL: give up connecting after this long (node-postgres waits forever by default). */
  connectTimeoutMs?: number;
  /** PostgreSQL: pool size. */
  maxConnections?: number;
}

/**
 * SQLite: busy_timeout. better-sqlite3 is synchronous, so while another process holds the write
 * lock the event loop waits up to this long; keep it short. (Only outside processes, such as a
 * backup or the sqlite3 shell, can hold it: this process uses one connection.)
 */
const SQLITE_BUSY_TIMEOUT_MS = 2_000;

// Prisma reconnects through the factory on the first query after $disconnect(); refusing to
// connect again makes close() final, so a late write shows up as an error instead of a new connection.
function closable(factory: SqlDriverAdapterFactory) {
  let closed = false;
  const adapter: SqlDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => (closed ? Promise.reject(new Error('The database has been closed')) : factory.connect()),
  };
  return { adapter, markClosed: () => (closed = true) };
}

/** The SQLite file at a path is not the one this process opened. */
export class DatabaseFileError extends Error {
  constructor(readonly filename: string, readonly reason: 'missing' | 'replaced', options?: { cause: unknown }) {
    super(
      reason === 'missing'
        ? `The database file ${filename} was deleted or moved while the server runs: counts are kept until it is back (put the file back, or restart to make a new one)`
        : `Another file is at ${filename} now; it could not be opened`,
      options,
    );
    this.name = 'DatabaseFileError';
  }
}

/** Which file is at a path (device and inode), or undefined when none is. */
function fileIdentity(filename: string): string | undefined {
  try {
    const { dev, ino } = statSync(filename);
    return `${dev}:${ino}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function openSqlite(filename: string) {
  mkdirSync(path.dirname(filename), { recursive: true });
  // journal_mode is stored in the file, so setting it once here holds for the adapter's connection.
  // WAL lets readers (the counts page) run while a flush writes.
  const setup = new Sqlite(filename, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    setup.pragma('journal_mode = WAL');
  } finally {
    setup.close();
  }
  return new PrismaBetterSqlite3({ url: filename, timeout: SQLITE_BUSY_TIMEOUT_MS });
}

export async function createDatabase(databaseUrl: string, options: DatabaseOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === 'sqlite') return createSqliteDatabase(databaseUrl, target.filename);
  const { connectionString, schema } = target;
  const factory = new PrismaPg(
    {
      connectionString,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      max: options.maxConnections ?? 10,
      // Generated queries name the schema themselves; search_path covers raw SQL too.
      ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}),
    },
    schema ? { schema } : undefined,
  );
  const { adapter, markClosed } = closable(factory);
  const prisma = new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  await prisma.$connect();
  return {
    provider: 'postgresql',
    prisma,
    counts: prisma.dailyCount,
    ping: async () => {
      await prisma.$queryRawUnsafe('SELECT 1');
    },
    checkFile: async () => undefined,
    close: async () => {
      markClosed();
      await prisma.$disconnect();
    },
  };
}

async function createSqliteDatabase(databaseUrl: string, filename: string): Promise<Database> {
  const connect = async () => {
    const { adapter, markClosed } = closable(openSqlite(filename));
    const prisma = new SqlitePrismaClient({ adapter });
    await prisma.$connect();
    return { prisma, markClosed, identity: fileIdentity(filename) };
  };
  let current = await connect();
  let closed = false;
  let reopening: Promise<void> | undefined;

  // The old connection is closed first: its -wal and -shm files are found by name, so the new file's must not meet them.
  // Until the new one is open, queries fail as on a closed database, and the next check tries again.
  async function reopen() {
    current.markClosed();
    await current.prisma.$disconnect();
    await applyMigrations(databaseUrl);
    current = await connect();
  }

  async function checkFile() {
    if (closed) return;
    const identity = fileIdentity(filename);
    if (identity === current.identity) return;
    if (identity === undefined) throw new DatabaseFileError(filename, 'missing');
    reopening ??= reopen().finally(() => (reopening = undefined));
    try {
      await reopening;
    } catch (error) {
      throw new DatabaseFileError(filename, 'replaced', { cause: error });
    }
  }

  return {
    provider: 'sqlite',
    get prisma() {
      return current.prisma;
    },
    get counts() {
      return current.prisma.dailyCount;
    },
    ping: async () => {
      await checkFile();
      await current.prisma.$queryRawUnsafe('SELECT 1');
    },
    checkFile,
    close: async () => {
      closed = true;
      current.markClosed();
      await current.prisma.$disconnect();
    },
  };
}

