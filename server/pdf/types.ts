import type { PaperSize } from '../campaigns/schema.ts';
import type { Office } from '../offices/schema.ts';
import type { PackLabels } from './labels.ts';

/**
 * What to print: the letters with the address list (to post), a cover sheet before each letter (to
 * fax), or one envelope per office.
 */
export type PackKind = 'letter' | 'fax' | 'envelope';

export interface LetterPack {
  /** Default 'letter'. */
  kind?: PackKind;
  /** Document title, written into the PDF metadata. */
  title: string;
  /** BCP 47 tag: the PDF's /Lang and the language of the printed date. */
  language: string;
  /** The letters' date, printed as a long date in `language` (UTC). */
  date: Date;
  paperSize: PaperSize;
  /** The supporter. Printed on the letters only, never written into the metadata. */
  sender: { name: string; addressLines: string[] };
  letter: {
    /** Lines above the office in the inside address ("His Excellency the President", ...). */
    addressee: string[];
    /** Joins the addressee to the office's first address line ("c/o"). */
    careOf: string;
    salutation: string;
    /** Campaign paragraphs (required and ticked optional ones), in the letter's order. */
    paragraphs: string[];
    /** The supporter's own paragraphs, after the campaign's (may be empty). */
    ownWords: string[];
    closing: string;
  };
  /** One letter per office, in this order, then the address list (fax: only the offices with a fax number). */
  offices: Office[];
  /** Words the PDF adds itself (page numbers, the address list page); English by default. */
  labels?: Partial<PackLabels>;
}
