// npm run db:migration -- <name>
// Diffs the committed migrations against the current schema.prisma, for SQLite and PostgreSQL, and
// writes prisma/<provider>/migrations/<timestamp>_<name>/migration.sql: what `prisma migrate dev
// --create-only` would write, without the native engine. The committed migrations are replayed on a
// shadow database: in memory for SQLite; for PostgreSQL a throwaway database created through
// SHADOW_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres), whose role needs CREATEDB.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readMigrations } from '../server/db/migrate.ts';
import {
  lockfileContent,
  migrationsDir,
  noFilters,
  openSchemaEngine,
  type MigrationList,
  type Provider,
} from './schema-engine.ts';

const providers: Provider[] = ['sqlite', 'postgresql'];

function migrationList(provider: Provider): MigrationList {
  const dir = migrationsDir(provider);
  const lockPath = path.join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    // The engine reads the provider from the lock file; a first migration has none yet.
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : lockfileContent(provider),
    },
    shadowDbInitScript: '',
    migrationDirectories: (existsSync(dir) ? readMigrations(provider, dir) : []).map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: m.script } },
    })),
  };
}

async function diffFor(provider: Provider): Promise<string> {
  const url =
    provider === 'sqlite'
      ? ':memory:'
      : (process.env.SHADOW_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  const { engine, schema, close } = await openSchemaEngine(provider, url);
  try {
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrationList(provider) },
      to: { tag: 'schemaDatamodel', ...schema },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? '';
  } finally {
    await close();
  }
}

const isEmptyScript = (script: string) => script.trim() === '' || /^-- This is an empty migration\.\s*$/.test(script.trim());

function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function main() {
  const rawName = process.argv[2];
  if (!rawName) throw new Error('Usage: npm run db:migration -- <name>   (e.g. add_channel_counts)');
  // Prisma's own slug rule for migration names.
  const name = rawName.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 200);
  const folder = `${timestamp()}_${name}`;

  const scripts = new Map<Provider, string>();
  for (const provider of providers) scripts.set(provider, await diffFor(provider));

  let written = 0;
  for (const provider of providers) {
    const script = scripts.get(provider) ?? '';
    if (isEmptyScript(script)) {
      console.log(`${provider}: schema matches the migrations, nothing to write`);
      continue;
    }
    const dir = migrationsDir(provider);
    mkdirSync(path.join(dir, folder), { recursive: true });
    writeFileSync(path.join(dir, folder, 'migration.sql'), script);
    if (!existsSync(path.join(dir, 'migration_lock.toml'))) {
      writeFileSync(path.join(dir, 'migration_lock.toml'), lockfileContent(provider));
    }
    console.log(`${provider}: wrote ${path.relative(process.cwd(), path.join(dir, folder, 'migration.sql'))}`);
    written++;
  }
  if (written === 1) {
    console.warn('Only one provider changed: check that both schema.prisma files describe the same models.');
  }
}

// The engine keeps an event-loop handle after free(): exit explicitly.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
