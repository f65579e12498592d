import type { Database } from '../db/client.ts';
import { findCounts, sumCounts, type DailyCountRow } from '../db/daily-counts.ts';
import { AppError } from '../shared/errors.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { within } from '../shared/within.ts';
import type { Counter } from './counter.ts';
import type { DayRange } from './range.ts';
import { PACK_KINDS } from '../pdf/types.ts';
import { CHANNELS, METRIC, PRINTED_KINDS, type Channel, type PrintedKind } from './metrics.ts';

export interface CountsBreakdown {
  /** Letters composed: one per office per letter set. */
  letters: number;
  /** Letter sets composed (forms sent). */
  packs: number;
  ownWords: number;
  /** Letters per office id. */
  offices: Record<string, number>;
  /** Letter sets per optional paragraph id. */
  paragraphs: Record<string, number>;
  /** Letter sets per paper size. */
  paper: Record<string, number>;
  /** PDFs made by kind (letter, fax, envelope), once per next-steps page. */
  packsByKind: Record<string, number>;
  /** "I posted / faxed / emailed it": totals, and per office id. */
  channels: Record<Channel, { total: number; offices: Record<string, number> }>;
  /** "Email me my letter". */
  emails: { sent: number; failed: number };
  /** Printed by organizers: letters from sign-up sheets and event letters posted (both included in `letters`), blank event letters printed. */
  printed: Record<PrintedKind, number>;
  /** Letter sets per letter language ('en', 'ko'…); sets made before languages were counted are in none. */
  letterLanguages: Record<string, number>;
  /** Letter sets with a courtesy translation added, per its language ('zh-Hans'). */
  translations: Record<string, number>;
  /**
   * What forms that could not prove they came from a person's browser made, in none of the numbers above: letters,
   * letter sets, and their pages' tallies per channel (guards/verdict.ts).
   */
  unverified: { letters: number; packs: number; channels: Record<Channel, number> };
}

export interface CampaignCounts {
  campaign: string;
  totals: CountsBreakdown;
  /** Only days with counts, oldest first. */
  days: Array<{ day: string } & CountsBreakdown>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const emptyBreakdown = (): CountsBreakdown => ({
  letters: 0,
  packs: 0,
  ownWords: 0,
  offices: {},
  paragraphs: {},
  paper: {},
  packsByKind: Object.fromEntries(PACK_KINDS.map((kind) => [kind, 0])),
  channels: Object.fromEntries(CHANNELS.map((channel) => [channel, { total: 0, offices: {} }])) as CountsBreakdown['channels'],
  emails: { sent: 0, failed: 0 },
  printed: Object.fromEntries(PRINTED_KINDS.map((kind) => [kind, 0])) as CountsBreakdown['printed'],
  letterLanguages: {},
  translations: {},
  unverified: { letters: 0, packs: 0, channels: Object.fromEntries(CHANNELS.map((channel) => [channel, 0])) as Record<Channel, number> },
});

function addTo(target: CountsBreakdown, metric: string, key: string, count: number) {
  const bump = (record: Record<string, number>, name = key) => {
    record[name] = (record[name] ?? 0) + count;
  };
  switch (metric) {
    case METRIC.letters:
      target.letters += count;
      break;
    case METRIC.packs:
      target.packs += count;
      break;
    case METRIC.ownWords:
      target.ownWords += count;
      break;
    case METRIC.office:
      bump(target.offices);
      break;
    case METRIC.paragraph:
      bump(target.paragraphs);
      break;
    case METRIC.paper:
      bump(target.paper);
      break;
    case METRIC.packKind:
      bump(target.packsByKind);
      break;
    case METRIC.tally: {
      const [channel, officeId = ''] = key.split(':');
      const tally = target.channels[channel as Channel];
      if (tally) {
        tally.total += count;
        bump(tally.offices, officeId);
      }
      break;
    }
    case METRIC.email:
      if (key === 'sent' || key === 'failed') target.emails[key] += count;
      break;
    case METRIC.printed:
      if ((PRINTED_KINDS as readonly string[]).includes(key)) target.printed[key as PrintedKind] += count;
      break;
    case METRIC.letterLanguage:
      bump(target.letterLanguages);
      break;
    case METRIC.translation:
      bump(target.translations);
      break;
    case METRIC.unverified: {
      if (key === 'letters' || key === 'packs') target.unverified[key] += count;
      const channel = key.startsWith('tally:') ? (key.slice('tally:'.length) as Channel) : undefined;
      if (channel && channel in target.unverified.channels) target.unverified.channels[channel] += count;
      break;
    }
    // Metrics this reader does not know yet are left out rather than guessed at.
  }
}

/**
 * A campaign's counts as plain JSON: totals over the range and one entry per day. These are raw
 * numbers; hiding small counts before publishing them is the caller's job.
 */
export async function readCampaignCounts(db: Database, campaign: string, range: DayRange = {}): Promise<CampaignCounts> {
  for (const bound of [range.from, range.to]) {
    if (bound !== undefined && (!DAY.test(bound) || Number.isNaN(Date.parse(`${bound}T00:00:00Z`)))) {
      throw new RangeError(`Not a day (YYYY-MM-DD): ${bound}`);
    }
  }
  const rows = await findCounts(db, campaign, range.from, range.to);
  const totals = emptyBreakdown();
  const days = new Map<string, { day: string } & CountsBreakdown>();
  for (const { day, metric, key, count } of rows) {
    let entry = days.get(day);
    if (!entry) {
      entry = { day, ...emptyBreakdown() };
      days.set(day, entry);
    }
    addTo(entry, metric, key, count);
    addTo(totals, metric, key, count);
  }
  return { campaign, totals, days: [...days.values()] };
}

/**
 * How every organizer route and the counts API read counts: each read first writes what the counter still holds in
 * memory, so the answer includes every letter made so far. The public page's number is the one read that does not
 * flush (a write per page view would be a write per visitor): it is bounded in time instead.
 */
export interface CountsReader {
  /** A campaign's counts over the range, as readCampaignCounts gives them. */
  campaign(slug: string, range?: DayRange): Promise<CampaignCounts>;
  /** The raw daily rows, for the CSV export. */
  rows(slug: string, range?: DayRange): Promise<DailyCountRow[]>;
  /** Letters since the campaign began. */
  letters(slug: string): Promise<number>;
  /** Letters so far for the public page, without flushing; undefined (logged) when the database does not answer within `timeoutMs`. */
  publicLetters(slug: string, timeoutMs?: number): Promise<number | undefined>;
}

/** What organizers are told when counts cannot be written or read: never the supporters' "could not make your letter". */
export const countsUnavailable = () =>
  new AppError(
    'COUNTS_UNAVAILABLE',
    'The counts cannot be shown now: the database is not taking writes or not answering. Letters are still made, and their counts are kept until it works again. Please try again in a minute.',
    503,
  );

export function createCountsReader({ db, counter, logger = silentLogger }: { db: Database; counter: Pick<Counter, 'flush' | 'health'>; logger?: Logger }): CountsReader {
  /**
   * Writes what the counter holds, then reads: a number read while writes fail would leave out letters already made,
   * and one read from a deleted SQLite file is about to be lost.
   */
  async function flushed<T>(read: () => Promise<T>): Promise<T> {
    await counter.flush();
    if (!counter.health().writing) throw countsUnavailable();
    try {
      await db.checkFile();
      return await read();
    } catch (error) {
      if (error instanceof RangeError) throw error;
      logger.error({ err: error }, 'counts not read');
      throw countsUnavailable();
    }
  }
  return {
    campaign: (slug, range = {}) => flushed(() => readCampaignCounts(db, slug, range)),
    rows: (slug, range = {}) => flushed(() => findCounts(db, slug, range.from, range.to)),
    letters: (slug) => flushed(() => sumCounts(db, slug, METRIC.letters)),
    async publicLetters(slug, timeoutMs = 1000) {
      const outcome = await within(sumCounts(db, slug, METRIC.letters), timeoutMs);
      if (outcome.kind === 'done') return outcome.value;
      logger.warn({ err: outcome.kind === 'failed' ? outcome.err : new Error(`database slower than ${timeoutMs} ms`) }, 'letters so far not read');
      return undefined;
    },
  };
}
