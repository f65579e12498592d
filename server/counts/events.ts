import type { CountIncrement } from '../db/daily-counts.ts';
import type { PaperSize } from '../shared/paper.ts';
import { utcDay } from '../shared/day.ts';
import type { PackKind } from '../pdf/types.ts';
import { METRIC, type Channel } from './metrics.ts';

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
  /** The letters' language, and the courtesy translation's, if one was added. Events from before these had neither. */
  letterLanguage?: string;
  translation?: string;
  /** From a form that could not prove it came from a person's browser: counted only as unverified letters. */
  unverified?: boolean;
}

/** A PDF of this kind was made for a next-steps page (the first time only). */
export interface PackDownloadEvent extends CountedAt {
  type: 'download';
  kind: PackKind;
}

/** "I posted it" (faxed, emailed) for one office, the first time on its page. */
export interface TallyEvent extends CountedAt {
  type: 'tally';
  channel: Channel;
  officeId: string;
  /** From an unverified letter's page: counted only as an unverified tally of its channel. */
  unverified?: boolean;
}

/** "Email me my letter", and whether the mail server took it. */
export interface EmailEvent extends CountedAt {
  type: 'email';
  outcome: 'sent' | 'failed';
}

/**
 * Letters organizers printed in the print room: a sign-up sheet's letters when the PDF was made ('sheet'), or the
 * event letters an organizer reported posted ('event'). Counted like supporters' letters, and marked as printed.
 */
export interface OrganizerLettersEvent extends CountedAt {
  type: 'organizer-letters';
  source: 'sheet' | 'event';
  /** Letters per office id. */
  lettersPerOffice: Record<string, number>;
  /** Letter sets: signers on the sheet, or people who wrote at the event. */
  packs: number;
  /** Letter sets per optional paragraph id. */
  paragraphs: Record<string, number>;
  /** Letter sets with the signer's own words. */
  ownWords: number;
  paperSize: PaperSize;
}

/** Blank letters printed for a letter-writing event: not letters until the organizer reports them posted. */
export interface BlankLettersEvent extends CountedAt {
  type: 'blank-letters';
  letters: number;
}

export type CountEvent = LetterPackEvent | PackDownloadEvent | TallyEvent | EmailEvent | OrganizerLettersEvent | BlankLettersEvent;

/** The increments one event makes. */
export function incrementsFor(event: CountEvent): CountIncrement[] {
  const { campaign } = event;
  const day = utcDay(event.at ?? new Date());
  const row = (metric: string, key: string, by = 1): CountIncrement => ({ campaign, day, metric, key, by });
  switch (event.type) {
    case 'download':
      return [row(METRIC.packKind, event.kind)];
    case 'tally':
      return event.unverified ? [row(METRIC.unverified, `tally:${event.channel}`)] : [row(METRIC.tally, `${event.channel}:${event.officeId}`)];
    case 'email':
      return [row(METRIC.email, event.outcome)];
    case 'blank-letters':
      return event.letters > 0 ? [row(METRIC.printed, 'blank', event.letters)] : [];
    case 'organizer-letters': {
      const perOffice = Object.entries(event.lettersPerOffice).filter(([, count]) => count > 0);
      const letters = perOffice.reduce((sum, [, count]) => sum + count, 0);
      if (letters === 0) return [];
      const rows = [row(METRIC.letters, '', letters), row(METRIC.printed, event.source, letters)];
      if (event.packs > 0) rows.push(row(METRIC.packs, '', event.packs), row(METRIC.paper, event.paperSize, event.packs));
      for (const [officeId, count] of perOffice) {
        rows.push(row(METRIC.office, officeId, count));
        // Event letters are counted because an organizer saw them posted.
        if (event.source === 'event') rows.push(row(METRIC.tally, `posted:${officeId}`, count));
      }
      for (const [paragraphId, count] of Object.entries(event.paragraphs)) if (count > 0) rows.push(row(METRIC.paragraph, paragraphId, count));
      if (event.ownWords > 0) rows.push(row(METRIC.ownWords, '', event.ownWords));
      return rows;
    }
    default: {
      if (event.unverified) {
        const rows = [row(METRIC.unverified, 'packs')];
        if (event.officeIds.length > 0) rows.push(row(METRIC.unverified, 'letters', event.officeIds.length));
        return rows;
      }
      const rows = [row(METRIC.packs, ''), row(METRIC.paper, event.paperSize)];
      if (event.officeIds.length > 0) rows.push(row(METRIC.letters, '', event.officeIds.length));
      for (const officeId of event.officeIds) rows.push(row(METRIC.office, officeId));
      // A paragraph counts letter sets, so a repeated id still counts once.
      for (const paragraphId of new Set(event.paragraphIds)) rows.push(row(METRIC.paragraph, paragraphId));
      if (event.ownWords) rows.push(row(METRIC.ownWords, ''));
      if (event.letterLanguage) rows.push(row(METRIC.letterLanguage, event.letterLanguage));
      if (event.translation) rows.push(row(METRIC.translation, event.translation));
      return rows;
    }
  }
}
