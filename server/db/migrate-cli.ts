// npm run db:migrate — applies the committed migrations to DATABASE_URL (the app also does this at boot).
import { applyMigrations, MigrationError } from './migrate.ts';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './url.ts';

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const print = (obj: object, msg?: string) => console.log(msg ?? '', Object.keys(obj).length ? JSON.stringify(obj) : '');

try {
  const target = parseDatabaseUrl(url);
  // Name the database without credentials.
  const where = target.provider === 'sqlite' ? target.filename : `PostgreSQL${target.schema ? ` schema ${target.schema}` : ''}`;
  const { applied } = await applyMigrations(url, { info: print, warn: print, error: print });
  console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}.` : `${where} is up to date.`);
} catch (error) {
  console.error(
    error instanceof MigrationError
      ? `Migration error (${error.code}): ${error.message}`
      : `Migration error: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}
