import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createCounter, type LetterPackEvent } from '../../server/counts/counter.ts';
import { createDatabase, type Database } from '../../server/db/client.ts';
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

async function countOf(metric: string, key = '') {
  const rows = await findCounts(db, campaign);
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
