import type { Database } from '../../server/db/client.ts';
import type { Logger } from '../../server/shared/logger.ts';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

/** A logger that keeps what it is told, for assertions. */
export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (obj: object, msg?: string) => {
    entries.push({ level, obj: obj as Record<string, unknown>, msg });
  };
  return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}

export async function tableNames(db: Database): Promise<string[]> {
  const rows = await db.prisma.$queryRawUnsafe<{ name: string }[]>(
    db.provider === 'sqlite'
      ? `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
      : `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
  );
  return rows.map((row) => row.name);
}

export interface MigrationRecord {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  started_at: unknown;
  finished_at: unknown;
  rolled_back_at: unknown;
  applied_steps_count: number;
}

export async function migrationRecords(db: Database): Promise<MigrationRecord[]> {
  const rows = await db.prisma.$queryRawUnsafe<MigrationRecord[]>(
    'SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY started_at, migration_name',
  );
  // SQLite hands integers back as BigInt.
  return rows.map((row) => ({ ...row, applied_steps_count: Number(row.applied_steps_count) }));
}

export const asTime = (value: unknown) => new Date(value as string | Date).getTime();
