// The daily counts as a CSV file for spreadsheets: one line per day, metric and key, as stored.
import type { DailyCountRow } from '../db/daily-counts.ts';

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
