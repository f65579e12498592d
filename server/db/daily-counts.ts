// Queries on daily_counts. Nothing here may hold personal data: a row is
// (campaign, day, metric, key, count), where key is an office id, a paragraph id, a paper size or ''.
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import type { Database } from './client.ts';

export interface CountIncrement {
  campaign: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  metric: string;
  key: string;
  by: number;
}

export interface DailyCountRow {
  day: string;
  metric: string;
  key: string;
  count: number;
}

const MAX_ATTEMPTS = 4;
const TRANSACTION_WAIT_MS = 10_000;

/**
 * Adds every increment in one transaction: all or nothing, so a failed flush can be retried whole.
 * Each upsert has a single compound-unique `where` whose values `create` repeats, which lets Prisma
 * use native INSERT ... ON CONFLICT DO UPDATE. Where it cannot, two writers creating the same row
 * race and one gets P2002; the transaction rolled back, so trying again is exact. A transaction that could not start
 * in time (P2028: every connection busy, as when several instances flush at once) applied nothing: tried again too.
 */
export async function incrementCounts(db: Database, rows: readonly CountIncrement[]): Promise<void> {
  if (rows.length > 0) await writeIncrements(db, rows);
}

/**
 * Adds the increments unless `claim.key` was claimed before, and claims it in the same transaction: for counts kept
 * in a file (counts/journal.ts), which a stop between the write and the file's deletion must not count twice.
 */
export async function incrementCountsOnce(
  db: Database,
  rows: readonly CountIncrement[],
  claim: { key: string; expiresAt: Date },
): Promise<'written' | 'written before'> {
  return writeIncrements(db, rows, claim);
}

async function writeIncrements(
  db: Database,
  rows: readonly CountIncrement[],
  claim?: { key: string; expiresAt: Date },
): Promise<'written' | 'written before'> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Checked again on each attempt: of two processes writing the same claimed counts, the second one's
      // transaction fails on the claim's primary key (P2002) and finds it here.
      if (claim && (await db.prisma.onceClaim.findUnique({ where: { key: claim.key }, select: { key: true } }))) return 'written before';
      await db.prisma.$transaction(
        [
          ...rows.map(({ campaign, day, metric, key, by }) =>
            db.counts.upsert({
              where: { campaign_day_metric_key: { campaign, day, metric, key } },
              create: { campaign, day, metric, key, count: by },
              update: { count: { increment: by } },
              select: { count: true },
            }),
          ),
          ...(claim ? [db.prisma.onceClaim.create({ data: claim, select: { key: true } })] : []),
        ],
        // Prisma's default is 2 s to get a connection: under contention a flush should wait, not fail.
        { maxWait: TRANSACTION_WAIT_MS, timeout: TRANSACTION_WAIT_MS },
      );
      return 'written';
    } catch (error) {
      const retryable = error instanceof PrismaClientKnownRequestError && (error.code === 'P2002' || error.code === 'P2028');
      if (!retryable || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}

/** A campaign's rows with fromDay <= day <= toDay (either bound optional), by day, metric, key. */
export async function findCounts(
  db: Database,
  campaign: string,
  fromDay?: string,
  toDay?: string,
): Promise<DailyCountRow[]> {
  return db.counts.findMany({
    where: {
      campaign,
      ...(fromDay !== undefined || toDay !== undefined
        ? { day: { ...(fromDay !== undefined ? { gte: fromDay } : {}), ...(toDay !== undefined ? { lte: toDay } : {}) } }
        : {}),
    },
    select: { day: true, metric: true, key: true, count: true },
    orderBy: [{ day: 'asc' }, { metric: 'asc' }, { key: 'asc' }],
  });
}

/** The sum of one metric over all of a campaign's days (0 when there is none). */
export async function sumCounts(db: Database, campaign: string, metric: string): Promise<number> {
  const result = await db.counts.aggregate({ where: { campaign, metric }, _sum: { count: true } });
  return result._sum.count ?? 0;
}
