import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../server/db/client.ts';
import {
  applyMigrations,
  checksumOf,
  defaultMigrationsDir,
  MigrationError,
  readMigrations,
} from '../../server/db/migrate.ts';
import { asTime, migrationRecords, recordingLogger, tableNames } from '../support/db-helpers.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const tempDirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'appeal-letters-migrations-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the committed migrations that a test may change. */
async function copyOfMigrations(provider: 'sqlite' | 'postgresql') {
  const dir = path.join(await tempDir(), 'migrations');
  await cp(defaultMigrationsDir(provider), dir, { recursive: true });
  return dir;
}

async function addMigration(dir: string, name: string, sql: string) {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

let database: TestDatabase;
let db: Database | undefined;
const open = async () => (db = await createDatabase(database.url));

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await db?.close();
  db = undefined;
  await database.cleanup();
});

describe('committed migrations', () => {
  it('exist for both providers, in the layout prisma migrate deploy reads', async () => {
    for (const provider of ['sqlite', 'postgresql'] as const) {
      const dir = defaultMigrationsDir(provider);
      const lock = await readFile(path.join(dir, 'migration_lock.toml'), 'utf8');
      expect(lock).toContain(`provider = "${provider}"`);
      const migrations = readMigrations(provider);
      expect(migrations.length).toBeGreaterThan(0);
      expect(migrations[0]!.name).toMatch(/^\d{14}_init$/);
      expect(migrations[0]!.script).toMatch(/CREATE TABLE "daily_counts"/);
    }
  });
});

describe('applyMigrations', () => {
  it('creates the schema on an empty database and records each migration as Prisma does', async () => {
    const migrations = readMigrations(database.provider);
    const logger = recordingLogger();
    const result = await applyMigrations(database.url, logger);
    expect(result).toEqual({ provider: database.provider, applied: migrations.map((m) => m.name) });
    expect(logger.entries.filter((e) => e.msg === 'migration applied')).toHaveLength(migrations.length);

    await open();
    expect(await tableNames(db!)).toEqual(expect.arrayContaining(['_prisma_migrations', 'daily_counts']));
    await db!.counts.create({ data: { campaign: 'c', day: '2026-01-01', metric: 'packs' } });
    expect(await db!.counts.findFirst()).toEqual({ campaign: 'c', day: '2026-01-01', metric: 'packs', key: '', count: 0 });

    const records = await migrationRecords(db!);
    expect(records.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, record] of records.entries()) {
      const sql = await readFile(path.join(defaultMigrationsDir(database.provider), record.migration_name, 'migration.sql'));
      expect(record.checksum).toBe(checksumOf(sql.toString('utf8')));
      expect(record.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(record.checksum).toBe(migrations[i]!.checksum);
      expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(record.applied_steps_count).toBe(1);
      expect(record.rolled_back_at).toBeNull();
      expect(record.logs).toBeNull();
      expect(asTime(record.finished_at)).toBeGreaterThanOrEqual(asTime(record.started_at));
      expect(Math.abs(asTime(record.started_at) - Date.now())).toBeLessThan(60_000);
    }
  });

  it('is a no-op the second time', async () => {
    await applyMigrations(database.url);
    await open();
    const before = await migrationRecords(db!);
    const again = await applyMigrations(database.url);
    expect(again.applied).toEqual([]);
    expect(await migrationRecords(db!)).toEqual(before);
  });

  it('applies each migration once when several instances boot at the same time', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => applyMigrations(database.url)));
    const names = readMigrations(database.provider).map((m) => m.name);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(names.sort());
    await open();
    expect((await migrationRecords(db!)).map((r) => r.migration_name).sort()).toEqual(names.sort());
  });

  it('applies only the migrations added since the last run', async () => {
    const dir = await copyOfMigrations(database.provider);
    await applyMigrations(database.url, undefined, { migrationsDir: dir });
    await addMigration(dir, '29990101000000_add_extra', 'CREATE TABLE "extra" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
    const result = await applyMigrations(database.url, undefined, { migrationsDir: dir });
    expect(result.applied).toEqual(['29990101000000_add_extra']);
    await open();
    expect(await tableNames(db!)).toContain('extra');
  });

  it('refuses to start when an applied migration was edited afterwards', async () => {
    const dir = await copyOfMigrations(database.provider);
    await applyMigrations(database.url, undefined, { migrationsDir: dir });
    const [first] = readMigrations(database.provider, dir);
    await writeFile(path.join(dir, first!.name, 'migration.sql'), `${first!.script}\n-- edited\n`);

    const failure = await applyMigrations(database.url, undefined, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect(failure).toMatchObject({ code: 'MIGRATION_MODIFIED', migrationName: first!.name });
    expect((failure as Error).message).toContain(first!.name);
    expect((failure as Error).message).toMatch(/modified after it was applied/);
  });

  it('accepts an applied migration whose line endings git turned into CRLF', async () => {
    const dir = await copyOfMigrations(database.provider);
    await applyMigrations(database.url, undefined, { migrationsDir: dir });
    const [first] = readMigrations(database.provider, dir);
    await writeFile(path.join(dir, first!.name, 'migration.sql'), first!.script.replace(/\n/g, '\r\n'));
    await expect(applyMigrations(database.url, undefined, { migrationsDir: dir })).resolves.toMatchObject({ applied: [] });
  });

  it('rolls back a failing migration whole, records it as rolled back, and retries it next time', async () => {
    const dir = await copyOfMigrations(database.provider);
    const name = '29990101000000_broken';
    await addMigration(dir, name, 'CREATE TABLE "half" ("id" INTEGER NOT NULL);\nINSERT INTO "no_such_table" VALUES (1);\n');

    const failure = await applyMigrations(database.url, undefined, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect(failure).toMatchObject({ code: 'MIGRATION_FAILED', migrationName: name });
    expect((failure as Error).message).toMatch(/29990101000000_broken failed and was rolled back: .*no_such_table/);

    await open();
    const tables = await tableNames(db!);
    expect(tables).toContain('daily_counts'); // the migrations before it stay applied
    expect(tables).not.toContain('half'); // its first statement was undone
    const audit = (await migrationRecords(db!)).filter((r) => r.migration_name === name);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ finished_at: null, applied_steps_count: 0 });
    expect(audit[0]!.rolled_back_at).not.toBeNull();
    expect(audit[0]!.logs).toMatch(/no_such_table/);

    await addMigration(dir, name, 'CREATE TABLE "half" ("id" INTEGER NOT NULL);\n');
    const retried = await applyMigrations(database.url, undefined, { migrationsDir: dir });
    expect(retried.applied).toEqual([name]);
    expect(await tableNames(db!)).toContain('half');
  });

  it('refuses to start on a migration that was left half-applied', async () => {
    await applyMigrations(database.url);
    await open();
    // What a crash in the middle of `prisma migrate deploy` (no transaction) leaves behind.
    await db!.prisma.$executeRawUnsafe(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ('00000000-0000-0000-0000-000000000001', '${'0'.repeat(64)}', '29990101000000_crashed', 'connection lost', CURRENT_TIMESTAMP, 0)`,
    );
    const failure = await applyMigrations(database.url).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'MIGRATION_UNFINISHED', migrationName: '29990101000000_crashed' });
    expect((failure as Error).message).toMatch(/half-migrated/);
    expect((failure as Error).message).toMatch(/prisma migrate resolve --rolled-back 29990101000000_crashed/);
    expect((failure as Error).message).toMatch(/connection lost/);
  });

  it('rejects a migrations folder locked to the other provider', async () => {
    const dir = await copyOfMigrations(database.provider);
    const other = database.provider === 'sqlite' ? 'postgresql' : 'sqlite';
    await writeFile(path.join(dir, 'migration_lock.toml'), `provider = "${other}"\n`);
    await expect(applyMigrations(database.url, undefined, { migrationsDir: dir })).rejects.toMatchObject({
      code: 'MIGRATIONS_INVALID',
    });
  });

  it('rejects a migration directory without migration.sql', async () => {
    const dir = await copyOfMigrations(database.provider);
    await mkdir(path.join(dir, '29990101000000_empty'));
    await expect(applyMigrations(database.url, undefined, { migrationsDir: dir })).rejects.toMatchObject({
      code: 'MIGRATIONS_INVALID',
      migrationName: '29990101000000_empty',
    });
  });
});
