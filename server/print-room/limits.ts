/** Letters in one print run: 2,000 signers to 5 offices. Past this, split the sheet. */
export const RUN_LETTERS_MAX = 10_000;
/** Blank letters per office for one event. */
export const EVENT_PER_OFFICE_MAX = 500;
export const POSTED_PER_OFFICE_MAX = 100_000;
/** A sign-up sheet of 10,000 rows with addresses and a few words each fits well inside this. */
export const SHEET_BYTES_MAX = 8 * 1024 * 1024;
