// Anonymous counts, tallied in memory and written in batches. A supporter's PDF never waits on the
// database: record() only adds to a Map, and a failed or slow write keeps the tallies for later.
import type { Database } from '../db/client.ts';
import { incrementCounts, type CountIncrement } from '../db/daily-counts.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { within } from '../shared/within.ts';
import { incrementsFor, type CountEvent } from './events.ts';

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
}

export interface Counter {
  /** Synchronous and never throws: counting must not delay or fail a download. */
  record(event: CountEvent): void;
  /**
   * Writes everything recorded before the call. Never rejects: on failure the tallies stay in
   * memory for the next flush and the error is logged. Takes at most about 2 × flushTimeoutMs.
   */
  flush(): Promise<void>;
  /** Stops the timer and flushes one last time. Does not close the database. */
  close(): Promise<void>;
}

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
}: CounterOptions): Counter {
  let pending: Tally = new Map();
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

  async function flushOnce(): Promise<void> {
    if (write) {
      const previous = await within(write, flushTimeoutMs);
      if (previous.kind === 'timeout') {
        logger.error(
          { err: new Error(`database write still running after ${flushTimeoutMs} ms`), pendingRows: pending.size },
          'counts flush failed',
        );
        return;
      }
      // A late failure of a timed-out write: its batch is back in `pending`; written below.
      if (previous.kind === 'failed') logger.error({ err: previous.err }, 'counts flush failed');
    }
    const current = startWrite();
    if (!current) return;
    const outcome = await within(current, flushTimeoutMs);
    if (outcome.kind === 'failed') logger.error({ err: outcome.err, pendingRows: pending.size }, 'counts flush failed');
    if (outcome.kind === 'timeout') {
      logger.error({ err: new Error(`database write took longer than ${flushTimeoutMs} ms`) }, 'counts flush failed');
    }
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
      if (pending.size > 0 || write) {
        logger.error(
          { pendingRows: pending.size, writeInProgress: write !== undefined },
          'counts not written before close',
        );
      }
    },
  };
}
