import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCounter, type LetterPackEvent } from '../../server/counts/counter.ts';
import { createDatabase, DatabaseFileError, type Database } from '../../server/db/client.ts';
import { findCounts } from '../../server/db/daily-counts.ts';
import { recordingLogger } from '../support/db-helpers.ts';
import { openTestDatabase, type OpenTestDatabase } from '../support/database.ts';

/** What happens to counts when the database goes away or stops taking writes while the server runs. */
let database: OpenTestDatabase;
let db: Database;
let journalDir: string;
beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());

let campaignNo = 0;
let campaign: string;
beforeEach(() => {
  campaign = `faults-${++campaignNo}`;
  journalDir = mkdtempSync(path.join(os.tmpdir(), 'appeal-journal-'));
  return () => rmSync(journalDir, { recursive: true, force: true });
});

const event = (): LetterPackEvent => ({ campaign, at: new Date('2026-05-01T12:00:00Z'), officeIds: ['ny', 'la'], paragraphIds: [], ownWords: false, paperSize: 'letter' });

async function packs(on: Database = db) {
  return (await findCounts(on, campaign)).filter((r) => r.metric === 'packs').reduce((sum, r) => sum + r.count, 0);
}

const journalFiles = () => readdirSync(journalDir).filter((name) => name.startsWith('pending-counts-'));

/** A database nobody can reach (nothing listens on port 1): a PostgreSQL outage, without stopping the shared server. */
const unreachable = () => createDatabase('postgresql://postgres@127.0.0.1:1/none', { connectTimeoutMs: 300 });

describe('counts kept in a journal when the server stops during an outage', () => {
  it('writes what it could not write to a file at close, and the next run writes it once and deletes it', async () => {
    const down = await unreachable();
    const logger = recordingLogger();
    const before = createCounter({ db: down, flushIntervalMs: 60_000, flushTimeoutMs: 500, logger, journalDir });
    before.record(event());
    before.record(event());
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
    expect(await packs()).toBe(2);
    expect(journalFiles()).toEqual([]);
    expect(after.health()).toMatchObject({ writing: true, journals: 0 });
    await after.close();
  });

  it('does not count a journal twice when the process stopped after writing it but before deleting it', async () => {
    const down = await unreachable();
    const before = createCounter({ db: down, flushIntervalMs: 60_000, flushTimeoutMs: 500, journalDir });
    before.record(event());
    await before.close();
    await down.close();
    const [name] = journalFiles();
    const copy = path.join(os.tmpdir(), `${name}.copy-${process.pid}`);
    copyFileSync(path.join(journalDir, name!), copy);

    const first = createCounter({ db, flushIntervalMs: 60_000, journalDir });
    await first.flush();
    await first.close();
    expect(await packs()).toBe(1);
    renameSync(copy, path.join(journalDir, name!)); // as if the delete never happened

    const logger = recordingLogger();
    const second = createCounter({ db, flushIntervalMs: 60_000, journalDir, logger });
    await second.flush();
    await second.close();
    expect(await packs()).toBe(1);
    expect(journalFiles()).toEqual([]);
    expect(logger.entries.find((e) => e.msg === 'counts kept before the last stop written')?.obj.outcome).toBe('written before');
  });

  it('sets an unreadable journal aside, logged, and goes on with the rest', async () => {
    writeFileSync(path.join(journalDir, 'pending-counts-0-broken.json'), '{"id": "not a uuid"');
    const logger = recordingLogger();
    const counter = createCounter({ db, flushIntervalMs: 60_000, journalDir, logger });
    counter.record(event());
    await counter.flush();
    await counter.close();
    expect(await packs()).toBe(1);
    expect(readdirSync(journalDir)).toEqual(['pending-counts-0-broken.json.unreadable']);
    expect(logger.entries.some((e) => e.level === 'error' && e.msg?.includes('could not be read'))).toBe(true);
  });

  it('keeps retrying a journal while the database is down at start, and writes it once it answers', async () => {
    const down = await unreachable();
    const before = createCounter({ db: down, flushIntervalMs: 60_000, flushTimeoutMs: 500, journalDir });
    before.record(event());
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
    expect(await packs()).toBe(1);
  });
});

describe.skipIf(process.env.TEST_DATABASE_URL)('the SQLite file deleted or replaced while the server runs', () => {
  it('refuses to write into a deleted file, says so loudly, keeps the counts, and writes them to the file put back', async () => {
    const own = await openTestDatabase();
    try {
      const file = own.filename!;
      const logger = recordingLogger();
      const counter = createCounter({ db: own.db, flushIntervalMs: 60_000, logger, journalDir });
      counter.record(event());
      await counter.flush();
      expect(await packs(own.db)).toBe(1);
      await own.db.prisma.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
      const backup = `${file}.backup`;
      copyFileSync(file, backup);

      rmSync(file);
      counter.record(event());
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
      expect(await packs(reader)).toBe(2);
      await reader.close();
    } finally {
      await own.close();
    }
  });
});
