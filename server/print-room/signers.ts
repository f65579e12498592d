/**
 * Reads a sign-up sheet: a CSV file, or rows pasted from a spreadsheet. Everything is checked in memory before
 * anything is printed, with the same rules as the campaign form, and every problem is reported with its
 * spreadsheet row number: nothing is dropped silently. Read in slices, letting the server answer supporters between
 * them, and never past the row limit.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CsvError, parse } from 'csv-parse';
import { z } from 'zod';
import { optionalParagraphs, type Campaign } from '../content/campaign.ts';
import { DEFAULT_LANGUAGE } from '../i18n/languages.ts';
import { sharedMessages, type Translate } from '../i18n/messages.ts';
import {
  ADDRESS_LINE_MAX,
  ADDRESS_LINES_MAX,
  addressProblems,
  cleanText,
  NAME_MAX,
  nameProblems,
  ownWordsProblems,
  type AddressProblem,
  type OwnWordsProblem,
} from '../letters/rules.ts';
import { toLines } from '../letters/text.ts';
import type { RowProblem, Signer } from './types.ts';

/** Rows per sheet under its heading row, blank ones included (those at its very end are dropped first). */
export const SIGNERS_MAX = 10_000;
/** Bytes parsed, or rows checked, between two turns of the event loop. */
const SLICE_BYTES = 64 * 1024;
const SLICE_ROWS = 250;
/** Problems returned at once; the rest are only counted. */
export const PROBLEMS_MAX = 100;

export interface SignerSheet {
  signers: Signer[];
  /** Rows whose cells were all empty: skipped, and reported to the organizer by the caller. */
  blankRows: number;
}
export type SheetResult = { ok: true; sheet: SignerSheet } | { ok: false; problems: RowProblem[]; moreProblems: number };

type Field = 'name' | 'address' | 'ownWords' | 'paragraphs';

/**
 * A column the sheet understands. Its headings are what the sheet's first row must say, in every language the page
 * is shown in (they are the file's format, not words of the page); its description is in the page's language.
 */
export interface SheetColumn {
  field: Field;
  heading: string;
  /** Other headings accepted for the column. Headings are compared ignoring case, spaces, '_' and '-'. */
  aliases: readonly string[];
  required: boolean;
}

/** A cell in the paragraphs column that asks for no optional paragraph at all. */
const NO_PARAGRAPHS = 'none';

/** The columns a sheet understands, for the print-room page to show. */
export const SHEET_COLUMNS: readonly SheetColumn[] = [
  { field: 'name', heading: 'name', aliases: ['full name', 'signer'], required: true },
  { field: 'address', heading: 'address', aliases: ['return address'], required: false },
  { field: 'ownWords', heading: 'own words', aliases: ['own_words', 'message', 'your own words'], required: false },
  { field: 'paragraphs', heading: 'paragraphs', aliases: ['optional paragraphs'], required: false },
];

/** What a column holds and how to write it, in `t`'s language. */
export function columnDescription(t: Translate, column: SheetColumn): string {
  switch (column.field) {
    case 'name':
      return t('organize.sheet.columns.name', { max: NAME_MAX });
    case 'address':
      return t('organize.sheet.columns.address', { lines: ADDRESS_LINES_MAX, length: ADDRESS_LINE_MAX });
    case 'ownWords':
      return t('organize.sheet.columns.ownWords');
    case 'paragraphs':
      return t('organize.sheet.columns.paragraphs', { none: NO_PARAGRAPHS });
  }
}

/** A heading, alias or cell as a message quotes it. */
const quoted = (t: Translate, text: string) => t('organize.sheet.quoted', { text });

/** The one column every sheet needs, as its heading row names it. */
const NAME_HEADING = SHEET_COLUMNS.find((column) => column.field === 'name')!.heading;

const headingKey = (heading: string) => heading.toLowerCase().replace(/[\s_-]+/g, '');
const COLUMN_BY_HEADING = new Map(
  SHEET_COLUMNS.flatMap((column) => [column.heading, ...column.aliases].map((heading) => [headingKey(heading), column] as const)),
);
/** Every heading the sheet understands, each with its aliases: for a message's list. */
const understoodHeadings = (t: Translate) =>
  SHEET_COLUMNS.map((column) => t('organize.sheet.headingWithAliases', { heading: column.heading, aliases: column.aliases.map((alias) => quoted(t, alias)) }));

/** English, for callers without a page language (a script, a test of the letter rules). */
const englishMessages = (): Translate => sharedMessages().forLanguage(DEFAULT_LANGUAGE);

/** Spreadsheet column letter of a 0-based index: A … Z, AA … */
function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Comma unless the heading row says otherwise: a spreadsheet paste is tab-separated, European Excel uses ';'. */
export function detectDelimiter(headerLine: string): ',' | '\t' | ';' {
  if (headerLine.includes(',')) return ',';
  if (headerLine.includes('\t')) return '\t';
  if (headerLine.includes(';')) return ';';
  return ',';
}

interface SheetRow {
  /** Spreadsheet row number: a quoted cell with line breaks is still one row. */
  row: number;
  cells: string[];
}

interface ParsedRows {
  rows: SheetRow[];
  /** The problem that stopped the parser, if any; the rows before it were read. */
  failure?: RowProblem;
}

/** What a row with nothing in it is made of, in any of the delimiters a sheet may use. */
const BLANK_CHARACTERS = new Set([' ', '\t', ',', ';', '\r', '\n']);

/**
 * The sheet without the empty rows at its end (a spreadsheet exports a million ",,," rows after the last signer):
 * found by one scan back from the end, so they are never parsed.
 */
export function withoutTrailingBlankRows(text: string): string {
  let last = text.length - 1;
  while (last >= 0 && BLANK_CHARACTERS.has(text[last]!)) last--;
  const lineEnd = text.slice(last + 1).search(/\r\n|\n|\r/);
  return lineEnd === -1 ? text : text.slice(0, last + 1 + lineEnd);
}

/** The first `maxRows` rows, parsed a slice at a time. */
async function parseRows(text: string, t: Translate, maxRows: number): Promise<ParsedRows> {
  const rows: SheetRow[] = [];
  const parser = parse({
    delimiter: detectDelimiter(text.split(/\r\n|\n|\r/, 1)[0] ?? ''),
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    // A quote inside an unquoted cell (Kim "Jack" Lee) is kept as typed.
    relax_quotes: true,
    trim: true,
    to: maxRows,
    // Collected as they are read, so that the rows before a broken quote are still checked.
    on_record: (cells: string[], info) => {
      rows.push({ row: info.records, cells });
      return null;
    },
  });
  let error: unknown;
  const finished = new Promise<void>((resolve) => {
    parser.on('error', (err) => {
      error = err;
      resolve();
    });
    parser.on('end', resolve);
    parser.resume();
  });
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length && error === undefined && rows.length < maxRows; offset += SLICE_BYTES) {
    parser.write(bytes.subarray(offset, offset + SLICE_BYTES));
    await nextTurn();
  }
  if (rows.length < maxRows && error === undefined) parser.end();
  if (rows.length < maxRows || error !== undefined) await finished;
  else parser.destroy();
  if (error === undefined) return { rows };
  if (!(error instanceof CsvError)) throw error;
  return { rows, failure: { row: rows.length + 1, message: parseFailureMessage(error, t) } };
}

function parseFailureMessage(error: CsvError, t: Translate): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return t('organize.sheet.parse.quoteNotClosed');
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return t('organize.sheet.parse.textAfterQuote');
    default:
      // The CSV parser's own explanation, which it gives in English only.
      return t('organize.sheet.parse.other', { reason: error.message });
  }
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

interface Header {
  /** Column index of each field the sheet has. */
  fieldAt: Partial<Record<Field, number>>;
  /** The headings as the sheet writes them. */
  headings: string[];
}

function readHeader(cells: string[], t: Translate): { header: Header; problems: RowProblem[] } {
  const headings = cells.map((cell) => cleanText(cell));
  const fieldAt: Header['fieldAt'] = {};
  const problems: RowProblem[] = [];
  const unknown: string[] = [];
  headings.forEach((heading, index) => {
    if (heading === '') return; // A column without a heading may stay empty; a value under it is reported by row.
    const column = COLUMN_BY_HEADING.get(headingKey(heading));
    if (!column) {
      unknown.push(heading);
      return;
    }
    const first = fieldAt[column.field];
    if (first !== undefined) {
      problems.push({
        row: 1,
        column: heading,
        message: t('organize.sheet.header.repeated', { heading: column.heading, column: columnLetter(first), first: headings[first] }),
      });
      return;
    }
    fieldAt[column.field] = index;
  });

  const understood = understoodHeadings(t);
  if (Object.keys(fieldAt).length === 0) {
    const found = headings.filter(Boolean).map((heading) => quoted(t, heading));
    problems.push({
      row: 1,
      message:
        found.length > 0
          ? t('organize.sheet.header.noKnownHeading', { cells: found, headings: understood })
          : t('organize.sheet.header.emptyHeadings', { headings: understood }),
    });
    return { header: { fieldAt, headings }, problems };
  }
  for (const heading of unknown) {
    problems.push({ row: 1, column: heading, message: t('organize.sheet.header.unknown', { headings: understood }) });
  }
  if (fieldAt.name === undefined) {
    problems.push({ row: 1, message: t('organize.sheet.header.noName', { name: NAME_HEADING, headings: understood }) });
  }
  return { header: { fieldAt, headings }, problems };
}

/** Cells the heading row has no heading for: beyond its last cell, or under a blank heading. */
function strayCellProblems({ row, cells }: SheetRow, header: Header, t: Translate): RowProblem[] {
  if (cells.length > header.headings.length) {
    return [{ row, message: t('organize.sheet.rows.tooManyCells', { cells: cells.length, headings: header.headings.length }) }];
  }
  return cells.flatMap((cell, index) =>
    cell.trim() !== '' && header.headings[index] === '' ? [{ row, message: t('organize.sheet.rows.valueWithoutHeading', { column: columnLetter(index) }) }] : [],
  );
}

const TOO_LONG = { name: 'tooLongName', address: 'tooLongAddress', ownWords: 'tooLongOwnWords' } as const;

/** A letter rule's problem, in an organizer's words, after the cell's column name. */
function cellMessage(what: 'name' | 'address' | 'ownWords', problem: AddressProblem | OwnWordsProblem, t: Translate): string {
  switch (problem.code) {
    case 'missing':
      return t('organize.sheet.cells.missing');
    case 'line-break':
      return t('organize.sheet.cells.lineBreak');
    case 'control-characters':
      return t(what === 'name' ? 'organize.sheet.cells.controlCharactersName' : 'organize.sheet.cells.controlCharacters');
    case 'too-long':
      return t(`organize.sheet.cells.${TOO_LONG[what]}`, { length: problem.length, max: problem.max });
    case 'unprintable':
      return t('organize.sheet.cells.unprintable', { characters: problem.characters.join(' ') });
    case 'too-many-lines':
      return t('organize.sheet.cells.tooManyLines', { lines: problem.lines, max: problem.max });
    case 'line-too-long':
      return t('organize.sheet.cells.lineTooLong', { line: problem.line, length: problem.length, max: problem.max });
    case 'no-room':
      return t('organize.sheet.cells.noRoom');
  }
}

/** Address lines: real line breaks, " / " or ";" separate them. */
const ADDRESS_LINE_BREAK = /;|\s+\/\s+/g;
const addressLines = (address: string) => toLines(address.replace(ADDRESS_LINE_BREAK, '\n'));

/** Paragraph ids and labels compared loosely: case, spacing and curly or straight quotes do not matter. */
const paragraphKey = (value: string) =>
  value.toLowerCase().replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

/**
 * The paragraphs cell: optional paragraph ids or labels separated by ';', ',' or line breaks. Labels may themselves
 * contain commas ("Violence, trafficking and …"), so the longest run of comma-separated parts that names a paragraph wins.
 */
function paragraphsCell(campaign: Campaign, t: Translate) {
  const paragraphs = campaign.letter.paragraphs;
  const optional = optionalParagraphs(campaign);
  const optionalByKey = new Map(optional.flatMap((p) => [[paragraphKey(p.id), p.id] as const, [paragraphKey(p.label ?? p.id), p.id] as const]));
  const requiredByKey = new Map(paragraphs.filter((p) => !p.optional).map((p) => [paragraphKey(p.id), p.id] as const));
  const defaults = optional.filter((p) => p.checkedByDefault).map((p) => p.id);
  const allowed =
    optional.length === 0
      ? t('organize.sheet.paragraphs.noneOptional')
      : t('organize.sheet.paragraphs.allowed', {
          paragraphs: optional.map((p) => t('organize.sheet.paragraphs.choice', { label: p.label, id: p.id })),
          none: NO_PARAGRAPHS,
        });

  return z.string().transform((cell, ctx) => {
    if (cell === '') return defaults;
    if (paragraphKey(cell) === NO_PARAGRAPHS && !optionalByKey.has(NO_PARAGRAPHS)) return [];
    const chosen = new Set<string>();
    const report = (message: string) => ctx.addIssue({ code: 'custom', message });
    for (const piece of cell.split(/[;\n]/)) {
      const parts = piece.split(',');
      for (let start = 0; start < parts.length; ) {
        let end = parts.length;
        while (end > start && !optionalByKey.has(paragraphKey(parts.slice(start, end).join(',')))) end--;
        if (end > start) {
          chosen.add(optionalByKey.get(paragraphKey(parts.slice(start, end).join(',')))!);
          start = end;
          continue;
        }
        const item = parts[start]!.trim();
        start++;
        if (item === '') continue;
        const required = requiredByKey.get(paragraphKey(item));
        if (required) report(t('organize.sheet.paragraphs.inEveryLetter', { item }));
        else report(t('organize.sheet.paragraphs.unknown', { item, allowed }));
      }
    }
    // In the letter's order, each once.
    return optional.filter((p) => chosen.has(p.id)).map((p) => p.id);
  });
}

/** One text cell: cleaned like the form's fields, then checked by the letter's rules. */
const textCell = (what: 'name' | 'address' | 'ownWords', problems: (value: string) => Array<AddressProblem | OwnWordsProblem>, t: Translate) =>
  z
    .string()
    .transform(cleanText)
    .superRefine((value, ctx) => {
      for (const problem of problems(value)) ctx.addIssue({ code: 'custom', message: cellMessage(what, problem, t) });
    });

/** The rules of one sheet row for a campaign: those of the campaign form, with messages for an organizer in `t`'s language. */
export function signerRowSchema(campaign: Campaign, t: Translate) {
  return z.object({
    name: textCell('name', nameProblems, t),
    // The sheet's own line separators become line breaks before the address is checked.
    address: z
      .string()
      .transform((address) => addressLines(cleanText(address)).join('\n'))
      .pipe(textCell('address', addressProblems, t)),
    ownWords: textCell('ownWords', (ownWords) => ownWordsProblems(ownWords, campaign.letter.ownWordsMaxLength), t),
    paragraphs: z.string().transform(cleanText).pipe(paragraphsCell(campaign, t)),
  });
}

function failed(problems: RowProblem[]): SheetResult {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  return { ok: false, problems: sorted.slice(0, PROBLEMS_MAX), moreProblems: Math.max(0, sorted.length - PROBLEMS_MAX) };
}

/**
 * Parses and checks a sign-up sheet: every signer, or every problem with its row number, worded in `t`'s language
 * (English when no language is given).
 */
export async function readSignerSheet(text: string, campaign: Campaign, t: Translate = englishMessages()): Promise<SheetResult> {
  const sheetText = withoutTrailingBlankRows(text.replace(/^\uFEFF/, ''));
  const empty: RowProblem = { row: 1, message: t('organize.sheet.rows.empty', { name: NAME_HEADING }) };
  if (sheetText.trim() === '') return failed([empty]);
  // The heading, the rows allowed, and one more to tell that there are too many.
  const { rows, failure } = await parseRows(sheetText, t, SIGNERS_MAX + 2);
  const [headerRow, ...bodyRows] = rows;
  if (!headerRow) return failed([failure ?? empty]);

  const { header, problems } = readHeader(headerRow.cells, t);
  if (problems.length > 0) return failed(failure ? [...problems, failure] : problems);

  const overLimit = bodyRows[SIGNERS_MAX];
  if (overLimit) return failed([{ row: overLimit.row, message: t('organize.sheet.rows.tooMany', { max: SIGNERS_MAX }) }]);
  const signerRows = bodyRows.filter((row) => !isBlank(row.cells));
  if (signerRows.length === 0 && !failure) {
    return failed([{ row: 1, message: t('organize.sheet.rows.noSigners') }]);
  }

  const schema = signerRowSchema(campaign, t);
  const cellOf = (cells: string[], field: Field) => {
    const index = header.fieldAt[field];
    return index === undefined ? '' : (cells[index] ?? '');
  };
  const signers: Signer[] = [];
  const rowProblems: RowProblem[] = failure ? [failure] : [];
  for (const [index, sheetRow] of signerRows.entries()) {
    if (index % SLICE_ROWS === SLICE_ROWS - 1) await nextTurn();
    rowProblems.push(...strayCellProblems(sheetRow, header, t));
    const parsed = schema.safeParse({
      name: cellOf(sheetRow.cells, 'name'),
      address: cellOf(sheetRow.cells, 'address'),
      ownWords: cellOf(sheetRow.cells, 'ownWords'),
      paragraphs: cellOf(sheetRow.cells, 'paragraphs'),
    });
    if (parsed.success) {
      const { name, address, ownWords, paragraphs } = parsed.data;
      signers.push({ name, address, ownWords, paragraphIds: paragraphs });
      continue;
    }
    for (const issue of parsed.error.issues) {
      const index = header.fieldAt[issue.path[0] as Field];
      rowProblems.push({ row: sheetRow.row, column: index === undefined ? undefined : header.headings[index], message: issue.message });
    }
  }
  if (rowProblems.length > 0) return failed(rowProblems);
  return { ok: true, sheet: { signers, blankRows: bodyRows.length - signerRows.length } };
}
