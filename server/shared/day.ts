/** Counts, closing dates and file names go by the UTC calendar day, written YYYY-MM-DD. */
export const DAY_MS = 86_400_000;

/** The UTC calendar day of `date`, YYYY-MM-DD (throws on an invalid date). */
export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** Midnight UTC at the start of a YYYY-MM-DD day. */
export const startOfDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** The day `days` after (or before, when negative) a YYYY-MM-DD day. */
export const addDays = (day: string, days: number) => utcDay(new Date(startOfDay(day).getTime() + days * DAY_MS));

/** Whole days from one YYYY-MM-DD day to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) => Math.round((startOfDay(to).getTime() - startOfDay(from).getTime()) / DAY_MS);
