/**
 * The print room: organizers print many supporters' letters at once (from a sign-up sheet), or blank letters for a
 * letter-writing evening. Nothing here is stored: the signers live in memory for one request.
 */

/** One row of a sign-up sheet, checked: the same fields a supporter fills in on the campaign form. */
export interface Signer {
  name: string;
  /** Return address, one line per address line ('\n'-separated); may be empty. */
  address: string;
  /** The signer's own words (paragraphs separated by blank lines); may be empty. */
  ownWords: string;
  /** Ids of the campaign's optional paragraphs to include. */
  paragraphIds: string[];
}

/** A problem with one row of the sheet. `row` is the spreadsheet row number: the header is row 1. */
export interface RowProblem {
  row: number;
  /** The column the problem is in, as the sheet names it, when there is one. */
  column?: string;
  message: string;
}
