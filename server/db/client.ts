// One factory for the database, whichever provider DATABASE_URL names. Prisma generates one client
// per provider (a schema has one provider); the models are identical, so the rest of the app sees
// both through the SQLite client's type.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';
import Sqlite from 'better-sqlite3';
import { PrismaClient as PostgresPrismaClient } from './generated/postgresql/client.ts';
import { PrismaClient as SqlitePrismaClient } from './generated/sqlite/client.ts';
import { parseDatabaseUrl, quoteIdent, type Provider } from './url.ts';

export type PrismaClient = SqlitePrismaClient;
export type DailyCountDelegate = PrismaClient['dailyCount'];

export interface Database {
  provider: Provider;
  /** Prefer the query functions in daily-counts.ts over using this directly. */
  prisma: PrismaClient;
  counts: DailyCountDelegate;
  /** Throws unless the database answers a trivial query (for a readiness check). */
  ping(): Promise<void>;
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

export async function createDatabase(databaseUrl: string, options: DatabaseOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(databaseUrl);
  let factory: SqlDriverAdapterFactory;
  if (target.provider === 'sqlite') {
    mkdirSync(path.dirname(target.filename), { recursive: true });
    // journal_mode is stored in the file, so setting it once here holds for the adapter's connection.
    // WAL lets readers (the counts page) run while a flush writes.
    const setup = new Sqlite(target.filename, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    try {
      setup.pragma('journal_mode = WAL');
    } finally {
      setup.close();
    }
    factory = new PrismaBetterSqlite3({ url: target.filename, timeout: SQLITE_BUSY_TIMEOUT_MS });
  } else {
    const { connectionString, schema } = target;
    factory = new PrismaPg(
      {
        connectionString,
        connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
        max: options.maxConnections ?? 10,
        // Generated queries name the schema themselves; search_path covers raw SQL too.
        ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}),
      },
      schema ? { schema } : undefined,
    );
  }
  const { adapter, markClosed } = closable(factory);
  const prisma =
    target.provider === 'sqlite'
      ? new SqlitePrismaClient({ adapter })
      : (new PostgresPrismaClient({ adapter }) as unknown as PrismaClient);
  await prisma.$connect();
  return {
    provider: target.provider,
    prisma,
    counts: prisma.dailyCount,
    ping: async () => {
      await prisma.$queryRawUnsafe('SELECT 1');
    },
    close: async () => {
      markClosed();
      await prisma.$disconnect();
    },
  };
}
