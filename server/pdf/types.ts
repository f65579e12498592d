import type { PaperSize } from '../shared/paper.ts';
import type { Office } from '../content/office.ts';
import type { Language } from '../i18n/languages.ts';

/**
 * What to print: the letters with the address list (to post), a cover sheet before each letter (to
 * fax), or one envelope per office.
 */
export const PACK_KINDS = ['letter', 'fax', 'envelope'] as const;
export type PackKind = (typeof PACK_KINDS)[number];

export interface LetterPack {
  /** Default 'letter'. */
  kind?: PackKind;
  /** Document title, written into the PDF metadata. */
  title: string;
  /** The letter's subject line: the fax cover's "Re" (the title when absent). */
  subject?: string;
  /** BCP 47 tag: the PDF's /Lang, the language of the printed date and of the page numbers (English when not shipped). */
  language: string;
  /** The letters' date, printed as a long date in `language` (UTC). */
  date: Date;
  paperSize: PaperSize;
  /** Where the letters are posted from (ISO 3166-1): an office in another country gets its country's name as a last line. */
  fromCountry?: string;
  /** The supporter. Printed on the letters only, never written into the metadata. */
  sender: { name: string; addressLines: string[] };
  letter: {
    /** Lines above the office in the inside address ("His Excellency the President", ...). */
    addressee: string[];
    /** Joins the addressee to the office's first address line ("c/o"). */
    careOf: string;
    salutation: string;
    /** Campaign paragraphs (required and ticked optional ones), in the letter's order, up to its closing ones. */
    paragraphs: string[];
    /** The supporter's own paragraphs, after the campaign's (may be empty). */
    ownWords: string[];
    /** The campaign's closing paragraphs ("Thank you for your consideration…"), after the supporter's own words. */
    closingParagraphs?: string[];
    closing: string;
  };
  /** One letter per office, in this order, then the address list (fax: only the offices with a fax number). */
  offices: Office[];
  /**
   * The language of the words the PDF adds on the pages the supporter keeps: the address list, the posting tips and
   * how to report later (the page's language, `request.lang`). English when absent. The words on the pages the
   * office gets (page numbers, the fax cover sheet) follow `language`, the letter's own.
   */
  labelsLanguage?: Language;
  /**
   * "Add a Chinese translation": after each letter, on its own page, the same letter in `language` (its heading and
   * page numbers in that language too). The writer's own words are not translated: a note in `language` stands in
   * their place. Letter packs only (not the fax or envelope kinds).
   */
  translation?: { language: string; letter: Omit<LetterPack['letter'], 'ownWords'> };
  /**
   * Printed on the address page only (the page the supporter keeps): where to say later how the letters were sent.
   * `link` opens the report page with `code` filled in; `entry` is where the code can be typed.
   */
  reportLater?: ReportLater;
}

export interface ReportLater {
  link: string;
  entry: string;
  code: string;
  /** The last day the code counts. */
  until: Date;
}

/** One person's letter in an organizer's print run. Printed on the letters only, never written into the metadata. */
export interface BulkSigner {
  name: string;
  addressLines: string[];
  /** Campaign paragraph texts in the letter's order, already chosen, up to the closing ones. */
  paragraphs: string[];
  ownWords: string[];
  /** The closing paragraphs, after the signer's own words. */
  closingParagraphs?: string[];
}

/** The print room's run: many letters in one PDF, collated by office, then address labels and a summary page. */
export interface BulkPack {
  title: string;
  language: string;
  date: Date;
  paperSize: PaperSize;
  /** As in LetterPack. */
  fromCountry?: string;
  letter: Omit<LetterPack['letter'], 'paragraphs' | 'ownWords' | 'closingParagraphs'>;
  /** At least one. */
  offices: Office[];
  /** 'signers': one letter per signer per office. 'event': `blankLetters` letters per office with blank lines to fill in by hand. */
  mode: 'signers' | 'event';
  /** Mode 'signers' (at least one). */
  signers: BulkSigner[];
  /** Mode 'event': how many per office; with `eventParagraphs` (before the writer's own words) and `eventClosingParagraphs` (after). */
  blankLetters?: number;
  eventParagraphs?: string[];
  eventClosingParagraphs?: string[];
  /** Address labels for the offices: one per office's stack (for a box or large envelope), one per letter (an envelope each), or none. */
  addressLabels: 'stack' | 'letter' | 'none';
  /**
   * The language of the words the PDF adds for the organizer and the writers: the summary page and the captions of
   * an event letter's blank lines (the organizer page's language, `request.lang`). English when absent. Page numbers
   * on the letters follow `language`, the letter's own.
   */
  labelsLanguage?: Language;
}

export interface BulkSink {
  write(chunk: Uint8Array): void;
  progress(lettersDone: number, lettersTotal: number): void;
  /**
   * Awaited between letters, when given: a sink whose reader has fallen behind returns a promise that settles when
   * it has caught up, so the rendering waits instead of the bytes piling up; a rejection stops the run.
   */
  ready?(): Promise<void> | undefined;
}

export interface BulkResult {
  letters: number;
  pages: number;
  /** Letters per office id. */
  lettersPerOffice: Record<string, number>;
}
