// Anonymous counts, tallied in memory and written in batches. A supporter's PDF never waits on the
// database: record() only adds to a Map, and a failed or slow write keeps the tallies for later. What is still
// unwritten when the server stops is kept in a journal file (journal.ts) and written after the next start.
import type { Database } from '../db/client.ts';
import { incrementCounts, incrementCountsOnce, type CountIncrement } from '../db/daily-counts.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { within } from '../shared/within.ts';
import { incrementsFor, type CountEvent } from './events.ts';
import { findJournals, JournalUnreadableError, keepInJournal, readJournal, removeJournal, setJournalAside } from './journal.ts';

export type { CountEvent, LetterPackEvent } from './events.ts';

export interface CounterOptions {
  db: Database;
  flushIntervalMs?: number;
  /**
   * How long one flush may wait for the database before giving up for this round (default 3000).
   * close() takes at most about 3 × this, which should fit in the shutdown grace period.
   */
  flushTimeoutMs?: number;
  logger?: Logger;
  /**
   * Where counts still unwritten at close() are kept, and where those of an earlier run are found and written
   * (the data directory). Without it they are lost at close, as logged.
   */
  journalDir?: string;
}

export interface CounterHealth {
  /** False from a write that failed (or found the database file gone) until one succeeds. */
  writing: boolean;
  /** Count rows held in memory, to be written. */
  pendingRows: number;
  /** Journal files of an earlier run still to be written. */
  journals: number;
}

export interface Counter {
  /** Synchronous and never throws: counting must not delay or fail a download. */
  record(event: CountEvent): void;
  /**
   * Writes everything recorded before the call. Never rejects: on failure the tallies stay in
   * memory for the next flush and the error is logged. Takes at most about 2 × flushTimeoutMs.
   */
  flush(): Promise<void>;
  /** Stops the timer and flushes one last time; keeps what could not be written in a journal. Does not close the database. */
  close(): Promise<void>;
  health(): CounterHealth;
}

/** How long a written journal's claim is kept: far longer than a restart takes. */
const JOURNAL_CLAIM_MS = 30 * 24 * 3600_000;

type Tally = Map<string, CountIncrement>;

const tallyKey = (row: CountIncrement) => JSON.stringify([row.campaign, row.day, row.metric, row.key]);

function add(tally: Tally, row: CountIncrement) {
  const key = tallyKey(row);
  const existing = tally.get(key);
  if (existing) existing.by += row.by;
  else tally.set(key, { ...row });
}

export function createCounter({
  db,
  flushIntervalMs = 1000,
  flushTimeoutMs = 3000,
  logger = silentLogger,
  journalDir,
}: CounterOptions): Counter {
  let pending: Tally = new Map();
  /** The last write's failure, until a write succeeds (health().writing). */
  let failure: unknown;
  const tooSlow = () => new Error(`database write took longer than ${flushTimeoutMs} ms`);
  const journals = journalDir ? findJournals(journalDir) : [];
  if (journals.length > 0) logger.info({ files: journals }, 'counts kept before the last stop found: writing them');
  // The write in progress. It can outlive the flush that started it (timeout): it is not abandoned,
  // since it may still commit; its batch goes back into `pending` only if it fails. Retrying a
  // batch whose write is still running could count it twice.
  let write: Promise<void> | undefined;
  // flush() calls run one after another, so each one's promise means "written up to the call".
  let queue: Promise<void> = Promise.resolve();
  let queued = 0;
  let closed = false;
  let warnedAfterClose = false;

  function startWrite(): Promise<void> | undefined {
    if (pending.size === 0) return undefined;
    const batch = pending;
    pending = new Map();
    const current: Promise<void> = incrementCounts(db, [...batch.values()])
      .catch((err: unknown) => {
        for (const row of batch.values()) add(pending, row);
        throw err;
      })
      .finally(() => {
        if (write === current) write = undefined;
      });
    write = current;
    return current;
  }

  function failed(err: unknown, details: Record<string, unknown> = {}) {
    failure = err;
    logger.error({ err, pendingRows: pending.size, ...details }, 'counts flush failed');
  }

  /** Writes the journals of an earlier run, oldest first, each exactly once; stops at the first failure. */
  async function writeJournals(): Promise<boolean> {
    while (journals.length > 0) {
      const file = journals[0]!;
      let journal;
      try {
        journal = readJournal(file);
      } catch (error) {
        if (!(error instanceof JournalUnreadableError)) throw error;
        logger.error({ err: error, keptAs: setJournalAside(file) }, 'a journal of counts could not be read: its counts are not written');
        journals.shift();
        continue;
      }
      // Bounded like a flush; a write that goes on after the timeout is safe to repeat, its claim says so.
      const expiresAt = new Date(Date.now() + JOURNAL_CLAIM_MS);
      const outcome = await within(incrementCountsOnce(db, journal.rows, { key: `journal:${journal.id}`, expiresAt }), flushTimeoutMs);
      if (outcome.kind !== 'done') {
        failed(outcome.kind === 'failed' ? outcome.err : tooSlow(), { journal: file });
        return false;
      }
      removeJournal(file);
      journals.shift();
      logger.info({ file, rows: journal.rows.length, outcome: outcome.value }, 'counts kept before the last stop written');
    }
    return true;
  }

  async function flushOnce(): Promise<void> {
    if (pending.size === 0 && journals.length === 0 && !write) {
      failure = undefined; // nothing left unwritten
      return;
    }
    try {
      // A deleted SQLite file still takes writes, into nothing: refuse to write before finding it in place.
      await db.checkFile();
    } catch (error) {
      failed(error);
      return;
    }
    if (!(await writeJournals())) return;
    if (write) {
      const previous = await within(write, flushTimeoutMs);
      if (previous.kind === 'timeout') {
        failed(new Error(`database write still running after ${flushTimeoutMs} ms`));
        return;
      }
      // A late failure of a timed-out write: its batch is back in `pending`; written below.
      if (previous.kind === 'failed') failed(previous.err);
    }
    const current = startWrite();
    if (!current) {
      failure = undefined;
      return;
    }
    const outcome = await within(current, flushTimeoutMs);
    if (outcome.kind === 'done') failure = undefined;
    if (outcome.kind === 'failed') failed(outcome.err);
    if (outcome.kind === 'timeout') failed(tooSlow());
  }

  function flush(): Promise<void> {
    queued++;
    queue = queue.then(flushOnce).finally(() => {
      queued--;
    });
    return queue;
  }

  const timer = setInterval(() => {
    // A slow database must not pile up flushes behind each other.
    if (queued === 0) void flush();
  }, flushIntervalMs);
  timer.unref();

  return {
    record(event) {
      try {
        if (closed && !warnedAfterClose) {
          warnedAfterClose = true;
          logger.warn({}, 'counts recorded after the counter was closed will not be written');
        }
        for (const row of incrementsFor(event)) add(pending, row);
      } catch (err) {
        logger.error({ err }, 'counts record failed');
      }
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
      if (write) await within(write, flushTimeoutMs);
      if (pending.size > 0 && journalDir) {
        try {
          const kept = keepInJournal(journalDir, [...pending.values()]);
          logger.warn({ file: kept.file, rows: kept.rows.length }, 'counts not written before close are kept in a file and written at the next start');
          pending = new Map();
        } catch (err) {
          logger.error({ err }, 'counts could not be kept in a file');
        }
      }
      if (pending.size > 0 || write) {
        logger.error(
          { pendingRows: pending.size, writeInProgress: write !== undefined },
          'counts not written before close',
        );
      }
    },
    health() {
      return {
        writing: failure === undefined,
        pendingRows: pending.size,
        journals: journals.length,
      };
    },
  };
}
