import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../server/db/client.ts';
import { findCounts, incrementCounts, type CountIncrement } from '../../server/db/daily-counts.ts';
import { parseDatabaseUrl } from '../../server/db/url.ts';
import { openTestDatabase, type OpenTestDatabase } from '../support/database.ts';

describe('parseDatabaseUrl', () => {
  it('reads SQLite file URLs relative to the working directory, or absolute', () => {
    expect(parseDatabaseUrl('file:./data/x.db')).toEqual({ provider: 'sqlite', filename: path.resolve('data/x.db') });
    expect(parseDatabaseUrl('file:/srv/x.db?connection_limit=1')).toEqual({ provider: 'sqlite', filename: '/srv/x.db' });
    expect(parseDatabaseUrl('file:///srv/my%20x.db')).toEqual({ provider: 'sqlite', filename: '/srv/my x.db' });
  });

  it('takes the schema out of a PostgreSQL URL', () => {
    expect(parseDatabaseUrl('postgresql://u:p@h:5432/db?schema=s1&sslmode=disable')).toEqual({
      provider: 'postgresql',
      connectionString: 'postgresql://u:p@h:5432/db?sslmode=disable',
      schema: 's1',
    });
    expect(parseDatabaseUrl('postgres://h/db')).toMatchObject({ provider: 'postgresql', schema: undefined });
    expect(() => parseDatabaseUrl('postgres://h/db?schema=a;drop')).toThrow(/schema/);
  });

  it('rejects other schemes without echoing the URL (it may hold a password)', () => {
    expect(() => parseDatabaseUrl('mysql://root:secret@h/db')).toThrow(/mysql:/);
    expect(() => parseDatabaseUrl('mysql://root:secret@h/db')).not.toThrow(/secret/);
    expect(() => parseDatabaseUrl('file:')).toThrow();
  });
});

describe('createDatabase on SQLite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'appeal-letters-client-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the directory and turns on WAL and busy_timeout', async () => {
    const filename = path.join(dir, 'nested', 'deeper', 'app.db');
    const db = await createDatabase(`file:${filename}`);
    try {
      expect(db.provider).toBe('sqlite');
      expect(existsSync(filename)).toBe(true);
      const [mode] = await db.prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
      expect(mode?.journal_mode).toBe('wal');
      const [busy] = await db.prisma.$queryRawUnsafe<{ timeout: bigint }[]>('PRAGMA busy_timeout');
      expect(Number(busy?.timeout)).toBeGreaterThan(0);
      await db.ping();
    } finally {
      await db.close();
    }
  });
});

describe('the database', () => {
  let database: OpenTestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    db = database.db;
  });
  afterAll(async () => database?.close());

  const packs = (campaign: string, day: string, by = 1): CountIncrement => ({ campaign, day, metric: 'packs', key: '', by });

  it('answers ping', async () => {
    await expect(db.ping()).resolves.toBeUndefined();
  });

  it('stays closed once closed (Prisma alone would reconnect on the next query)', async () => {
    const other = await createDatabase(database.url);
    await other.ping();
    await other.close();
    await expect(other.ping()).rejects.toThrow(/closed/);
    await expect(incrementCounts(other, [packs('closed', '2026-01-01')])).rejects.toThrow(/closed/);
    expect(await findCounts(db, 'closed')).toEqual([]);
  });

  it('adds increments exactly when 50 writers hit the same row at once', async () => {
    await Promise.all(Array.from({ length: 50 }, () => incrementCounts(db, [packs('race', '2026-01-01')])));
    expect(await findCounts(db, 'race')).toEqual([{ day: '2026-01-01', metric: 'packs', key: '', count: 50 }]);
  });

  it('stays exact with another process (a second app instance) writing the same rows', async () => {
    const n = 150;
    const worker = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'increment-worker.ts'), database.url, String(n)]);
    let stderr = '';
    worker.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<void>((resolve, reject) =>
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}: ${stderr}`)))),
    );
    await new Promise<void>((resolve, reject) => {
      worker.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolve());
      exited.catch(reject);
    });
    const ours: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      ours.push(incrementCounts(db, [packs('two', '2026-01-02'), { ...packs('two', '2026-01-02'), metric: 'office', key: `o${i % 3}` }]));
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all([exited, ...ours]);
    const rows = await findCounts(db, 'two');
    expect(rows.find((r) => r.metric === 'packs')?.count).toBe(2 * n);
    expect(rows.filter((r) => r.metric === 'office').map((r) => r.count)).toEqual([100, 100, 100]);
  });

  it('writes a batch all or nothing', async () => {
    const bad = { ...packs('atomic', '2026-01-03'), by: Number.NaN };
    await expect(incrementCounts(db, [packs('atomic', '2026-01-03', 5), bad])).rejects.toThrow();
    expect(await findCounts(db, 'atomic')).toEqual([]);
  });

  it('finds a campaign’s rows within a day range, in order', async () => {
    await incrementCounts(db, [
      packs('range', '2026-02-03', 3),
      packs('range', '2026-02-01', 1),
      packs('range', '2026-02-02', 2),
      { ...packs('range', '2026-02-02'), metric: 'letters', by: 7 },
      packs('elsewhere', '2026-02-02', 9),
    ]);
    expect(await findCounts(db, 'range')).toEqual([
      { day: '2026-02-01', metric: 'packs', key: '', count: 1 },
      { day: '2026-02-02', metric: 'letters', key: '', count: 7 },
      { day: '2026-02-02', metric: 'packs', key: '', count: 2 },
      { day: '2026-02-03', metric: 'packs', key: '', count: 3 },
    ]);
    expect((await findCounts(db, 'range', '2026-02-02', '2026-02-02')).map((r) => r.count)).toEqual([7, 2]);
    expect((await findCounts(db, 'range', '2026-02-02')).map((r) => r.day)).toEqual(['2026-02-02', '2026-02-02', '2026-02-03']);
    expect((await findCounts(db, 'range', undefined, '2026-02-01')).map((r) => r.day)).toEqual(['2026-02-01']);
  });
});
