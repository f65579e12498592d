import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createCounter, type LetterPackEvent } from '../../server/counts/counter.ts';
import { createDatabase, DatabaseFileError, type Database } from '../../server/db/client.ts';
import { findCounts } from '../../server/db/daily-counts.ts';
import { parseDatabaseUrl } from '../../server/db/url.ts';
import { recordingLogger } from '../support/db-helpers.ts';
import { openTestDatabase, type OpenTestDatabase } from '../support/database.ts';

let database: OpenTestDatabase;
let db: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());

let campaignNo = 0;
let campaign: string;
beforeEach(() => {
  campaign = `campaign-${++campaignNo}`;
});

const event = (overrides: Partial<LetterPackEvent> = {}): LetterPackEvent => ({
  campaign,
  at: new Date('2026-05-01T12:00:00Z'),
  officeIds: ['ny', 'la'],
  paragraphIds: ['p1'],
  ownWords: false,
  paperSize: 'letter',
  ...overrides,
});

async function countOf(metric: string, key = '', on: Database = db) {
  const rows = await findCounts(on, campaign);
  return rows.filter((r) => r.metric === metric && r.key === key).reduce((sum, r) => sum + r.count, 0);
}

const flushFailures = (logger: ReturnType<typeof recordingLogger>) =>
  logger.entries.filter((e) => e.level === 'error' && e.msg === 'counts flush failed');

describe('counter', () => {
  it('tallies in memory and writes on flush', async () => {
    const counter = createCounter({ db, flushIntervalMs: 60_000 });
    counter.record(event());
    counter.record(event({ officeIds: ['ny'], paragraphIds: [], ownWords: true, paperSize: 'a4' }));
    expect(await findCounts(db, campaign)).toEqual([]);
    await counter.flush();
    expect(await findCounts(db, campaign)).toEqual([
      { day: '2026-05-01', metric: 'letters', key: '', count: 3 },
      { day: '2026-05-01', metric: 'office', key: 'la', count: 1 },
      { day: '2026-05-01', metric: 'office', key: 'ny', count: 2 },
      { day: '2026-05-01', metric: 'own_words', key: '', count: 1 },
      { day: '2026-05-01', metric: 'packs', key: '', count: 2 },
      { day: '2026-05-01', metric: 'paper', key: 'a4', count: 1 },
      { day: '2026-05-01', metric: 'paper', key: 'letter', count: 1 },
      { day: '2026-05-01', metric: 'paragraph', key: 'p1', count: 1 },
    ]);
    await counter.flush(); // nothing new: nothing added twice
    expect(await countOf('packs')).toBe(2);
    await counter.close();
  });

  it('counts exactly 50 packs from 50 concurrent record()+flush() cycles', async () => {
    const counter = createCounter({ db, flushIntervalMs: 5 });
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        counter.record(event());
        await counter.flush();
      }),
    );
    await counter.close();
    expect(await countOf('packs')).toBe(50);
    expect(await countOf('letters')).toBe(100);
    expect(await countOf('office', 'ny')).toBe(50);
  });

  it('flushes on its own timer', async () => {
    const counter = createCounter({ db, flushIntervalMs: 20 });
    counter.record(event());
    await expect.poll(() => countOf('packs'), { timeout: 2_000, interval: 20 }).toBe(1);
    await counter.close();
  });

  it('keeps the counts when a flush fails, logs it, and writes them once the database works again', async () => {
    const logger = recordingLogger();
    const counter = createCounter({ db, flushIntervalMs: 60_000, logger });
    counter.record(event());
    counter.record(event());
    await db.prisma.$executeRawUnsafe('ALTER TABLE "daily_counts" RENAME TO "daily_counts_away"');
    try {
      await expect(counter.flush()).resolves.toBeUndefined();
      counter.record(event());
      await counter.flush();
    } finally {
      await db.prisma.$executeRawUnsafe('ALTER TABLE "daily_counts_away" RENAME TO "daily_counts"');
    }
    const failures = flushFailures(logger);
    expect(failures).toHaveLength(2);
    expect(failures[0]!.obj.err).toBeInstanceOf(Error);
    expect(await countOf('packs')).toBe(0);

    await counter.flush();
    expect(await countOf('packs')).toBe(3);
    expect(await countOf('office', 'la')).toBe(3);
    await counter.close();
    expect(await countOf('packs')).toBe(3);
  });

  it('close() writes what is still in memory and stops the timer', async () => {
    const logger = recordingLogger();
    const counter = createCounter({ db, flushIntervalMs: 60_000, logger });
    counter.record(event());
    await counter.close();
    expect(await countOf('packs')).toBe(1);
    counter.record(event());
    expect(logger.entries.some((e) => e.level === 'warn')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await countOf('packs')).toBe(1);
  });

  it('never throws from record(), even on a broken event', () => {
    const logger = recordingLogger();
    const counter = createCounter({ db, flushIntervalMs: 60_000, logger });
    expect(() => counter.record(event({ at: new Date('not a date') }))).not.toThrow();
    expect(() => counter.record({ campaign } as unknown as LetterPackEvent)).not.toThrow();
    expect(logger.entries.filter((e) => e.msg === 'counts record failed')).toHaveLength(2);
    return counter.close();
  });

  it('bounds flush and close when the database cannot be reached', async () => {
    // Nothing listens on port 1: connections are refused. No PostgreSQL server is needed for this.
    const unreachable = await createDatabase('postgresql://postgres@127.0.0.1:1/none', { connectTimeoutMs: 500 });
    const logger = recordingLogger();
    const counter = createCounter({ db: unreachable, flushIntervalMs: 60_000, flushTimeoutMs: 1_000, logger });
    counter.record(event());
    const started = Date.now();
    await counter.flush();
    await counter.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(flushFailures(logger).length).toBeGreaterThanOrEqual(2);
    expect(logger.entries.some((e) => e.msg === 'counts not written before close' && e.obj.pendingRows === 6)).toBe(true);
    await unreachable.close();
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('counter on a slow PostgreSQL', () => {
  it('gives up waiting after flushTimeoutMs, then counts the late write exactly once', async () => {
    const target = parseDatabaseUrl(database.url);
    if (target.provider !== 'postgresql') throw new Error('expected PostgreSQL');
    const locker = new pg.Client({ connectionString: target.connectionString });
    await locker.connect();
    const logger = recordingLogger();
    const counter = createCounter({ db, flushIntervalMs: 60_000, flushTimeoutMs: 300, logger });
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${target.schema}"."daily_counts" IN ACCESS EXCLUSIVE MODE`);
      counter.record(event());
      const started = Date.now();
      await counter.flush();
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(flushFailures(logger).map((e) => String(e.obj.err))).toEqual([expect.stringMatching(/longer than 300 ms/)]);

      counter.record(event());
      await counter.flush(); // the first write is still blocked: this one waits for it, then gives up
      expect(flushFailures(logger)).toHaveLength(2);
    } finally {
      await locker.query('COMMIT');
      await locker.end();
    }
    await counter.flush();
    await counter.close();
    expect(await countOf('packs')).toBe(2);
  });
});

/** What happens to counts when the database goes away or stops taking writes while the server runs. */
describe('faults', () => {
  let journalDir: string;
  beforeEach(() => {
    journalDir = mkdtempSync(path.join(os.tmpdir(), 'appeal-journal-'));
    return () => rmSync(journalDir, { recursive: true, force: true });
  });
  /** A letter set without paragraphs: five count rows. */
  const bareEvent = () => event({ paragraphIds: [] });
  const journalFiles = () => readdirSync(journalDir).filter((name) => name.startsWith('pending-counts-'));
  /** A database nobody can reach (nothing listens on port 1): a PostgreSQL outage, without stopping the shared server. */
  const unreachable = () => createDatabase('postgresql://postgres@127.0.0.1:1/none', { connectTimeoutMs: 300 });

  describe('counts kept in a journal when the server stops during an outage', () => {
    it('writes what it could not write to a file at close, and the next run writes it once and deletes it', async () => {
      const down = await unreachable();
      const logger = recordingLogger();
      const before = createCounter({ db: down, flushIntervalMs: 60_000, flushTimeoutMs: 500, logger, journalDir });
      before.record(bareEvent());
      before.record(bareEvent());
      await before.flush();
      expect(before.health()).toMatchObject({ writing: false, pendingRows: 5 });
      await before.close();
      await down.close();
      expect(journalFiles()).toHaveLength(1);
      expect(logger.entries.some((e) => e.msg?.includes('kept in a file'))).toBe(true);
      expect(logger.entries.some((e) => e.msg === 'counts not written before close')).toBe(false);
      // Only anonymous counts in it.
      const kept = JSON.parse(readFileSync(path.join(journalDir, journalFiles()[0]!), 'utf8'));
      expect(Object.keys(kept.rows[0]).sort()).toEqual(['by', 'campaign', 'day', 'key', 'metric']);

      const after = createCounter({ db, flushIntervalMs: 60_000, journalDir });
      expect(after.health().journals).toBe(1);
      await after.flush();
      expect(await countOf('packs')).toBe(2);
      expect(journalFiles()).toEqual([]);
      expect(after.health()).toMatchObject({ writing: true, journals: 0 });
      await after.close();
    });

    it('does not count a journal twice when the process stopped after writing it but before deleting it', async () => {
      const down = await unreachable();
      const before = createCounter({ db: down, flushIntervalMs: 60_000, flushTimeoutMs: 500, journalDir });
      before.record(bareEvent());
      await before.close();
      await down.close();
      const [name] = journalFiles();
      const copy = path.join(os.tmpdir(), `${name}.copy-${process.pid}`);
      copyFileSync(path.join(journalDir, name!), copy);

      const first = createCounter({ db, flushIntervalMs: 60_000, journalDir });
      await first.flush();
      await first.close();
      expect(await countOf('packs')).toBe(1);
      renameSync(copy, path.join(journalDir, name!)); // as if the delete never happened

      const logger = recordingLogger();
      const second = createCounter({ db, flushIntervalMs: 60_000, journalDir, logger });
      await second.flush();
      await second.close();
      expect(await countOf('packs')).toBe(1);
      expect(journalFiles()).toEqual([]);
      expect(logger.entries.find((e) => e.msg === 'counts kept before the last stop written')?.obj.outcome).toBe('written before');
    });

    it('sets an unreadable journal aside, logged, and goes on with the rest', async () => {
      writeFileSync(path.join(journalDir, 'pending-counts-0-broken.json'), '{"id": "not a uuid"');
      const logger = recordingLogger();
      const counter = createCounter({ db, flushIntervalMs: 60_000, journalDir, logger });
      counter.record(bareEvent());
      await counter.flush();
      await counter.close();
      expect(await countOf('packs')).toBe(1);
      expect(readdirSync(journalDir)).toEqual(['pending-counts-0-broken.json.unreadable']);
      expect(logger.entries.some((e) => e.level === 'error' && e.msg?.includes('could not be read'))).toBe(true);
    });

    it('keeps retrying a journal while the database is down at start, and writes it once it answers', async () => {
      const down = await unreachable();
      const before = createCounter({ db: down, flushIntervalMs: 60_000, flushTimeoutMs: 500, journalDir });
      before.record(bareEvent());
      await before.close();
      const stillDown = createCounter({ db: down, flushIntervalMs: 60_000, flushTimeoutMs: 500, journalDir });
      await stillDown.flush();
      expect(stillDown.health()).toMatchObject({ writing: false, journals: 1 });
      await stillDown.close();
      await down.close();
      expect(journalFiles()).toHaveLength(1);

      const back = createCounter({ db, flushIntervalMs: 60_000, journalDir });
      await back.flush();
      await back.close();
      expect(await countOf('packs')).toBe(1);
    });
  });

  describe.skipIf(process.env.TEST_DATABASE_URL)('the SQLite file deleted or replaced while the server runs', () => {
    it('refuses to write into a deleted file, says so loudly, keeps the counts, and writes them to the file put back', async () => {
      const own = await openTestDatabase();
      try {
        const file = own.filename!;
        const logger = recordingLogger();
        const counter = createCounter({ db: own.db, flushIntervalMs: 60_000, logger, journalDir });
        counter.record(bareEvent());
        await counter.flush();
        expect(await countOf('packs', '', own.db)).toBe(1);
        await own.db.prisma.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
        const backup = `${file}.backup`;
        copyFileSync(file, backup);

        rmSync(file);
        counter.record(bareEvent());
        await counter.flush();
        const failure = logger.entries.find((e) => e.level === 'error' && e.msg === 'counts flush failed');
        expect(failure?.obj.err).toBeInstanceOf(DatabaseFileError);
        expect(String(failure?.obj.err)).toContain(file);
        expect(counter.health()).toMatchObject({ writing: false, pendingRows: 5 });
        await expect(own.db.ping()).rejects.toThrow(DatabaseFileError);

        renameSync(backup, file); // a backup put back: another file at the path
        await own.db.ping();
        await counter.flush();
        expect(counter.health()).toMatchObject({ writing: true, pendingRows: 0 });
        await counter.close();
        // In the file now at the path, as a fresh client reads it: the backup's one and the one held meanwhile.
        const reader = await createDatabase(own.url);
        expect(await countOf('packs', '', reader)).toBe(2);
        await reader.close();
      } finally {
        await own.close();
      }
    });
  });
});
