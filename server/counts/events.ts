import type { CountIncrement } from '../db/daily-counts.ts';
import { METRIC } from './metrics.ts';

export type PaperSize = 'letter' | 'a4';

/** One letter pack downloaded. Deliberately holds nothing about the supporter. */
export interface LetterPackEvent {
  campaign: string;
  /** When the pack was made; counts go to its UTC day. Defaults to now. */
  at?: Date;
  /** One letter per office. */
  officeIds: string[];
  /** Optional paragraphs ticked. */
  paragraphIds: string[];
  ownWords: boolean;
  paperSize: PaperSize;
}

/** The UTC calendar day, YYYY-MM-DD (throws on an invalid date). */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** The increments one event makes. */
export function incrementsFor(event: LetterPackEvent): CountIncrement[] {
  const { campaign } = event;
  const day = utcDay(event.at ?? new Date());
  const row = (metric: string, key: string, by = 1): CountIncrement => ({ campaign, day, metric, key, by });
  const rows = [row(METRIC.packs, ''), row(METRIC.paper, event.paperSize)];
  if (event.officeIds.length > 0) rows.push(row(METRIC.letters, '', event.officeIds.length));
  for (const officeId of event.officeIds) rows.push(row(METRIC.office, officeId));
  // A paragraph counts packs, so a repeated id still counts once.
  for (const paragraphId of new Set(event.paragraphIds)) rows.push(row(METRIC.paragraph, paragraphId));
  if (event.ownWords) rows.push(row(METRIC.ownWords, ''));
  return rows;
}
