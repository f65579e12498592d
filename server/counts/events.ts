import type { CountIncrement } from '../db/daily-counts.ts';
import { METRIC, type Channel, type PackKindName } from './metrics.ts';

export type PaperSize = 'letter' | 'a4';

interface CountedAt {
  campaign: string;
  /** When it happened; counts go to its UTC day. Defaults to now. */
  at?: Date;
}

/** A supporter composed their letters. Deliberately holds nothing about the supporter. */
export interface LetterPackEvent extends CountedAt {
  type?: 'letters';
  /** One letter per office. */
  officeIds: string[];
  /** Optional paragraphs ticked. */
  paragraphIds: string[];
  ownWords: boolean;
  paperSize: PaperSize;
}

/** A PDF of this kind was made for a next-steps page (the first time only). */
export interface PackDownloadEvent extends CountedAt {
  type: 'download';
  kind: PackKindName;
}

/** "I posted it" (faxed, emailed) for one office, the first time on its page. */
export interface TallyEvent extends CountedAt {
  type: 'tally';
  channel: Channel;
  officeId: string;
}

/** "Email me my letter", and whether the mail server took it. */
export interface EmailEvent extends CountedAt {
  type: 'email';
  outcome: 'sent' | 'failed';
}

export type CountEvent = LetterPackEvent | PackDownloadEvent | TallyEvent | EmailEvent;

/** The UTC calendar day, YYYY-MM-DD (throws on an invalid date). */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** The increments one event makes. */
export function incrementsFor(event: CountEvent): CountIncrement[] {
  const { campaign } = event;
  const day = utcDay(event.at ?? new Date());
  const row = (metric: string, key: string, by = 1): CountIncrement => ({ campaign, day, metric, key, by });
  switch (event.type) {
    case 'download':
      return [row(METRIC.packKind, event.kind)];
    case 'tally':
      return [row(METRIC.tally, `${event.channel}:${event.officeId}`)];
    case 'email':
      return [row(METRIC.email, event.outcome)];
    default: {
      const rows = [row(METRIC.packs, ''), row(METRIC.paper, event.paperSize)];
      if (event.officeIds.length > 0) rows.push(row(METRIC.letters, '', event.officeIds.length));
      for (const officeId of event.officeIds) rows.push(row(METRIC.office, officeId));
      // A paragraph counts letter sets, so a repeated id still counts once.
      for (const paragraphId of new Set(event.paragraphIds)) rows.push(row(METRIC.paragraph, paragraphId));
      if (event.ownWords) rows.push(row(METRIC.ownWords, ''));
      return rows;
    }
  }
}
