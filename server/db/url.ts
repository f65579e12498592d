import path from 'node:path';

export type Provider = 'sqlite' | 'postgresql';

export type DatabaseTarget =
  | { provider: 'sqlite'; filename: string }
  | { provider: 'postgresql'; connectionString: string; schema: string | undefined };

export const DEFAULT_DATABASE_URL = 'file:./data/appeal-letters.db';

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * `file:./x.db` (relative to the working directory, as Prisma reads it) or `file:/abs/x.db` →
 * SQLite; `postgres://` / `postgresql://` → PostgreSQL, where `?schema=name` selects a schema
 * (it is removed from the string handed to node-postgres, which does not know it).
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('file:')) {
    let file = url.slice('file:'.length);
    const query = file.indexOf('?');
    if (query >= 0) file = file.slice(0, query);
    if (file.startsWith('//')) file = decodeURIComponent(new URL(url).pathname);
    if (!file) throw new Error('DATABASE_URL "file:" has no file name');
    return { provider: 'sqlite', filename: path.resolve(file) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw new Error('DATABASE_URL schema must be a plain identifier (letters, digits, underscore)');
    }
    parsed.searchParams.delete('schema');
    return { provider: 'postgresql', connectionString: parsed.toString(), schema };
  }
  // The URL may hold a password: name only its scheme.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';
  throw new Error(`DATABASE_URL scheme ${scheme} is not supported: use file:, postgres:// or postgresql://`);
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
