// The daily counts as CSV files for spreadsheets: one line per day, metric and key, as stored; or one row per day.
import type { DailyCountRow } from '../db/daily-counts.ts';
import { CHANNEL_NAMES, CHANNELS } from './metrics.ts';
import type { CampaignCounts, CountsBreakdown } from './read.ts';

/**
 * Excel reads a CSV file without a byte-order mark in the machine's legacy code page, which garbles
 * anything outside ASCII; with it, Excel reads UTF-8, and other spreadsheets accept it. Scripts that
 * parse the file may have to strip it (Python: encoding='utf-8-sig').
 */
const BOM = '\uFEFF';
const CRLF = '\r\n';
const HEADER = ['campaign', 'day', 'metric', 'key', 'count'];

/**
 * A text cell, safe to open in a spreadsheet (OWASP CSV injection; ASVS 5 V1.2.10): one that starts like
 * a formula gets a leading apostrophe so it is shown as text, then RFC 4180 quoting.
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with a header line and CRLF line ends. Counts are written as plain digits. */
export function countsCsv(rows: readonly DailyCountRow[], campaign: string): string {
  const lines = [HEADER.join(','), ...rows.map((row) => [campaign, row.day, row.metric, row.key].map(csvCell).concat(String(row.count)).join(','))];
  return BOM + lines.map((line) => line + CRLF).join('');
}

/** What the wide export needs to name its columns: the campaign's offices and optional paragraphs, in its order. */
export interface WideColumns {
  offices: ReadonlyArray<{ id: string; title: string }>;
  paragraphs: ReadonlyArray<{ id: string; label: string }>;
}

/**
 * The counts as a spreadsheet reads them best: one row per day of the range (days without counts included, as 0),
 * one column per measure, named in words. Days are written YYYY-MM-DD, the one date format a spreadsheet never
 * misreads as another country's.
 */
export function countsWideCsv(counts: CampaignCounts, days: readonly string[], columns: WideColumns): string {
  const byDay = new Map(counts.days.map((d) => [d.day, d]));
  const measures: Array<[string, (d: CountsBreakdown) => number]> = [
    ['Letters', (d) => d.letters],
    ['Letter sets', (d) => d.packs],
    ['Sets with own words', (d) => d.ownWords],
    ...columns.offices.map((o): [string, (d: CountsBreakdown) => number] => [`Letters to ${o.title}`, (d) => d.offices[o.id] ?? 0]),
    ...columns.paragraphs.map((p): [string, (d: CountsBreakdown) => number] => [`Sets with "${p.label}"`, (d) => d.paragraphs[p.id] ?? 0]),
    ...CHANNELS.map((c): [string, (d: CountsBreakdown) => number] => [`Reported ${CHANNEL_NAMES[c].toLowerCase()}`, (d) => d.channels[c].total]),
    ['Letter PDFs downloaded', (d) => d.packsByKind.letter ?? 0],
    ['Fax packs downloaded', (d) => d.packsByKind.fax ?? 0],
    ['Envelope PDFs downloaded', (d) => d.packsByKind.envelope ?? 0],
    ['Emails sent', (d) => d.emails.sent],
    ['Emails failed', (d) => d.emails.failed],
    ['US Letter sets', (d) => d.paper.letter ?? 0],
    ['A4 sets', (d) => d.paper.a4 ?? 0],
    ['Printed from sign-up sheets', (d) => d.printed.sheet],
    ['Event letters posted', (d) => d.printed.event],
    ['Blank event letters printed', (d) => d.printed.blank],
    // Apart from every number above (guards/verdict.ts).
    ['Unverified letters', (d) => d.unverified.letters],
    ['Unverified letter sets', (d) => d.unverified.packs],
    ...CHANNELS.map((c): [string, (d: CountsBreakdown) => number] => [`Unverified reported ${CHANNEL_NAMES[c].toLowerCase()}`, (d) => d.unverified.channels[c]]),
  ];
  const header = ['Day', ...measures.map(([name]) => name)].map(csvCell).join(',');
  const lines = days.map((day) => {
    const entry = byDay.get(day);
    return [day, ...measures.map(([, value]) => String(entry ? value(entry) : 0))].join(',');
  });
  return BOM + [header, ...lines].map((line) => line + CRLF).join('');
}
