// Our boot-time migrator and Prisma's own schema engine (the wasm build of the engine behind
// `prisma migrate deploy`) must read each other's `_prisma_migrations` bookkeeping.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { lockfileContent, migrationsDir, noFilters, openSchemaEngine, type MigrationList } from '../../prisma/schema-engine.ts';
import { createDatabase } from '../../server/db/client.ts';
import { applyMigrations, readMigrations } from '../../server/db/migrate.ts';
import { migrationRecords } from '../support/db-helpers.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.cleanup();
});

function migrationList(): MigrationList {
  const provider = database.provider;
  return {
    baseDir: migrationsDir(provider),
    lockfile: { path: 'migration_lock.toml', content: lockfileContent(provider) },
    shadowDbInitScript: '',
    migrationDirectories: readMigrations(provider).map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: m.script } },
    })),
  };
}

async function withEngine<T>(run: (engine: Awaited<ReturnType<typeof openSchemaEngine>>['engine']) => Promise<T>) {
  const { engine, close } = await openSchemaEngine(database.provider, database.url);
  try {
    return await run(engine);
  } finally {
    await close();
  }
}

it('Prisma sees a database migrated by applyMigrations as up to date', async () => {
  await applyMigrations(database.url);
  const diagnosis = await withEngine((engine) =>
    engine.diagnoseMigrationHistory({ migrationsList: migrationList(), optInToShadowDatabase: false, filters: noFilters }),
  );
  expect(diagnosis).toEqual({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
  const deployed = await withEngine((engine) => engine.applyMigrations({ migrationsList: migrationList(), filters: noFilters }));
  expect(deployed.appliedMigrationNames).toEqual([]);
});

it('applyMigrations sees a database migrated by Prisma as up to date', async () => {
  const deployed = await withEngine((engine) => engine.applyMigrations({ migrationsList: migrationList(), filters: noFilters }));
  expect(deployed.appliedMigrationNames).toEqual(readMigrations(database.provider).map((m) => m.name));
  expect((await applyMigrations(database.url)).applied).toEqual([]);

  const db = await createDatabase(database.url);
  try {
    const records = await migrationRecords(db);
    expect(records.map((r) => r.checksum)).toEqual(readMigrations(database.provider).map((m) => m.checksum));
  } finally {
    await db.close();
  }
});
