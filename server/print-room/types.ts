/**
 * The print room: organizers print many supporters' letters at once (from a sign-up sheet), or blank letters for a
 * letter-writing evening. Nothing here is stored: the signers live in memory for one request.
 */
import type { LetterText } from '../letters/compose.ts';

/** One row of a sign-up sheet, checked: the same letter a supporter writes on the campaign form. */
export type Signer = LetterText;

/** A problem with one row of the sheet. `row` is the spreadsheet row number: the header is row 1. */
export interface RowProblem {
  row: number;
  /** The column the problem is in, as the sheet names it, when there is one. */
  column?: string;
  message: string;
}
