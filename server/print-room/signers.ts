/**
 * Reads a sign-up sheet: a CSV file, or rows pasted from a spreadsheet. Everything is checked in memory before
 * anything is printed, with the same rules as the campaign form, and every problem is reported with its
 * spreadsheet row number: nothing is dropped silently.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { optionalParagraphs, type Campaign } from '../content/campaign.ts';
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

/** Signers (non-blank rows) per sheet. */
export const SIGNERS_MAX = 10_000;
/** Problems returned at once; the rest are only counted. */
export const PROBLEMS_MAX = 100;

export interface SignerSheet {
  signers: Signer[];
  /** Rows whose cells were all empty: skipped, and reported to the organizer by the caller. */
  blankRows: number;
}
export type SheetResult = { ok: true; sheet: SignerSheet } | { ok: false; problems: RowProblem[]; moreProblems: number };

type Field = 'name' | 'address' | 'ownWords' | 'paragraphs';

export interface SheetColumn {
  field: Field;
  heading: string;
  /** Other headings accepted for the column. Headings are compared ignoring case, spaces, '_' and '-'. */
  aliases: readonly string[];
  required: boolean;
  description: string;
}

/** A cell in the paragraphs column that asks for no optional paragraph at all. */
const NO_PARAGRAPHS = 'none';

/** The columns a sheet understands, for the print-room page to show. */
export const SHEET_COLUMNS: readonly SheetColumn[] = [
  {
    field: 'name',
    heading: 'name',
    aliases: ['full name', 'signer'],
    required: true,
    description: `The signer's name, printed under the signature: one line, at most ${NAME_MAX} characters.`,
  },
  {
    field: 'address',
    heading: 'address',
    aliases: ['return address'],
    required: false,
    description:
      `The signer's return address, or empty. Separate its lines with line breaks inside the cell, with " / " ` +
      `or with ";": at most ${ADDRESS_LINES_MAX} lines of ${ADDRESS_LINE_MAX} characters.`,
  },
  {
    field: 'ownWords',
    heading: 'own words',
    aliases: ['own_words', 'message', 'your own words'],
    required: false,
    description: "The signer's own words, added to their letter, or empty. Leave a blank line between paragraphs.",
  },
  {
    field: 'paragraphs',
    heading: 'paragraphs',
    aliases: ['optional paragraphs'],
    required: false,
    description:
      'Which optional paragraphs to include, by their label on the campaign form or their id, separated by ";" or ",". ' +
      `Empty: the paragraphs the form starts with ticked; "${NO_PARAGRAPHS}": no optional paragraph. ` +
      'The other paragraphs are in every letter.',
  },
];

const headingKey = (heading: string) => heading.toLowerCase().replace(/[\s_-]+/g, '');
const COLUMN_BY_HEADING = new Map(
  SHEET_COLUMNS.flatMap((column) => [column.heading, ...column.aliases].map((heading) => [headingKey(heading), column] as const)),
);
const UNDERSTOOD_HEADINGS = SHEET_COLUMNS.map(
  (column) => `"${column.heading}" (or ${column.aliases.map((alias) => `"${alias}"`).join(', ')})`,
).join(', ');

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

function parseRows(text: string): ParsedRows {
  const rows: SheetRow[] = [];
  try {
    parse(text, {
      delimiter: detectDelimiter(text.split(/\r\n|\n|\r/, 1)[0] ?? ''),
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      // A quote inside an unquoted cell (Kim "Jack" Lee) is kept as typed.
      relax_quotes: true,
      trim: true,
      // Collected as they are read, so that the rows before a broken quote are still checked.
      on_record: (cells: string[], info) => {
        rows.push({ row: info.records, cells });
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { rows, failure: { row: rows.length + 1, message: parseFailureMessage(error) } };
  }
  return { rows };
}

function parseFailureMessage(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return (
        'A cell starts with a quote (") that is never closed, so the rest of the sheet could not be read. ' +
        'Add the closing quote at the end of the cell, or remove the opening one.'
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return (
        'A cell has text after its closing quote ("), so the rest of the sheet could not be read. ' +
        'A cell that starts with a quote must end with one; write a quote inside it as two quotes ("").'
      );
    default:
      return `This row could not be read as CSV (${error.message}), so the rest of the sheet was not read. Check its quotes.`;
  }
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

interface Header {
  /** Column index of each field the sheet has. */
  fieldAt: Partial<Record<Field, number>>;
  /** The headings as the sheet writes them. */
  headings: string[];
}

function readHeader(cells: string[]): { header: Header; problems: RowProblem[] } {
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
        message: `repeats the ${column.heading} column (column ${columnLetter(first)}, "${headings[first]}"). Keep only one of them.`,
      });
      return;
    }
    fieldAt[column.field] = index;
  });

  if (Object.keys(fieldAt).length === 0) {
    const found = headings.filter(Boolean).map((heading) => `"${heading}"`);
    const whatIsThere = found.length > 0 ? `none of its cells (${found.join(', ')}) is a heading the sheet understands` : 'it is empty';
    problems.push({
      row: 1,
      message:
        `The first row must be a heading row naming the columns, but ${whatIsThere}. ` +
        `Start the sheet with a row of these headings: ${UNDERSTOOD_HEADINGS}. Only the name column is required.`,
    });
    return { header: { fieldAt, headings }, problems };
  }
  for (const heading of unknown) {
    problems.push({
      row: 1,
      column: heading,
      message: `not a heading the sheet understands. Rename the column to one of ${UNDERSTOOD_HEADINGS}, or delete it.`,
    });
  }
  if (fieldAt.name === undefined) {
    problems.push({
      row: 1,
      message: `The heading row has no name column; every letter needs the signer's name. Add a column headed "name". The sheet understands ${UNDERSTOOD_HEADINGS}.`,
    });
  }
  return { header: { fieldAt, headings }, problems };
}

/** Cells the heading row has no heading for: beyond its last cell, or under a blank heading. */
function strayCellProblems({ row, cells }: SheetRow, header: Header): RowProblem[] {
  if (cells.length > header.headings.length) {
    return [
      {
        row,
        message:
          `This row has ${cells.length} cells but the heading row has ${header.headings.length}, so its cells may have shifted. ` +
          'Look for a stray comma or separator, and put quotes around a cell that contains one.',
      },
    ];
  }
  return cells.flatMap((cell, index) =>
    cell.trim() !== '' && header.headings[index] === ''
      ? [{ row, message: `Column ${columnLetter(index)} has a value but no heading. Give the column a heading, or move the value into the right column.` }]
      : [],
  );
}

/** A letter rule's problem, in an organizer's words, after the cell's column name. */
function cellMessage(what: 'name' | 'address' | 'ownWords', problem: AddressProblem | OwnWordsProblem): string {
  const thing = { name: 'a name', address: 'an address', ownWords: "the signer's own words" }[what];
  switch (problem.code) {
    case 'missing':
      return "missing; every letter needs the signer's name.";
    case 'line-break':
      return 'is on more than one line; a name must fit on one line, so remove the line break.';
    case 'control-characters':
      return what === 'name' ? 'contains a tab or other invisible control characters. Retype it.' : 'contains invisible control characters. Retype it.';
    case 'too-long':
      return `is ${problem.length.toLocaleString('en-US')} characters long; ${thing} can be at most ${problem.max.toLocaleString('en-US')}. Shorten it.`;
    case 'unprintable':
      return `has characters the letter fonts cannot print (${problem.characters.join(' ')}). Leave them out or write them another way.`;
    case 'too-many-lines':
      return `has ${problem.lines} lines; an address can have at most ${problem.max}. Lines are separated by line breaks, " / " or ";".`;
    case 'line-too-long':
      return `line ${problem.line} is ${problem.length} characters long; an address line can be at most ${problem.max}. Shorten it, or split it with " / ".`;
    case 'no-room':
      return "this campaign's letters have no room for the signer's own words. Leave the cell empty.";
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
function paragraphsCell(campaign: Campaign) {
  const paragraphs = campaign.letter.paragraphs;
  const optional = optionalParagraphs(campaign);
  const optionalByKey = new Map(optional.flatMap((p) => [[paragraphKey(p.id), p.id] as const, [paragraphKey(p.label ?? p.id), p.id] as const]));
  const requiredByKey = new Map(paragraphs.filter((p) => !p.optional).map((p) => [paragraphKey(p.id), p.id] as const));
  const defaults = optional.filter((p) => p.checkedByDefault).map((p) => p.id);
  const allowed =
    optional.length === 0
      ? "This campaign has no optional paragraphs, so leave the cell empty."
      : `Use their labels or ids: ${optional.map((p) => `"${p.label}" (${p.id})`).join(', ')}; or "${NO_PARAGRAPHS}".`;

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
        if (required) report(`"${item}" is in every letter already; list only optional paragraphs here.`);
        else report(`"${item}" is not one of this campaign's optional paragraphs. ${allowed}`);
      }
    }
    // In the letter's order, each once.
    return optional.filter((p) => chosen.has(p.id)).map((p) => p.id);
  });
}

/** One text cell: cleaned like the form's fields, then checked by the letter's rules. */
const textCell = (what: 'name' | 'address' | 'ownWords', problems: (value: string) => Array<AddressProblem | OwnWordsProblem>) =>
  z
    .string()
    .transform(cleanText)
    .superRefine((value, ctx) => {
      for (const problem of problems(value)) ctx.addIssue({ code: 'custom', message: cellMessage(what, problem) });
    });

/** The rules of one sheet row for a campaign: those of the campaign form, with messages for an organizer. */
export function signerRowSchema(campaign: Campaign) {
  return z.object({
    name: textCell('name', nameProblems),
    // The sheet's own line separators become line breaks before the address is checked.
    address: z
      .string()
      .transform((address) => addressLines(cleanText(address)).join('\n'))
      .pipe(textCell('address', addressProblems)),
    ownWords: textCell('ownWords', (ownWords) => ownWordsProblems(ownWords, campaign.letter.ownWordsMaxLength)),
    paragraphs: z.string().transform(cleanText).pipe(paragraphsCell(campaign)),
  });
}

function failed(problems: RowProblem[]): SheetResult {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  return { ok: false, problems: sorted.slice(0, PROBLEMS_MAX), moreProblems: Math.max(0, sorted.length - PROBLEMS_MAX) };
}

/** Parses and checks a sign-up sheet: every signer, or every problem with its row number. */
export function readSignerSheet(text: string, campaign: Campaign): SheetResult {
  const withoutBom = text.replace(/^\uFEFF/, '');
  const empty: RowProblem = {
    row: 1,
    message: 'The sheet is empty. Its first row must name the columns (at least "name"), with one row per signer under it.',
  };
  if (withoutBom.trim() === '') return failed([empty]);
  const { rows, failure } = parseRows(withoutBom);
  const [headerRow, ...bodyRows] = rows;
  if (!headerRow) return failed([failure ?? empty]);

  const { header, problems } = readHeader(headerRow.cells);
  if (problems.length > 0) return failed(failure ? [...problems, failure] : problems);

  const signerRows = bodyRows.filter((row) => !isBlank(row.cells));
  const overLimit = signerRows[SIGNERS_MAX];
  if (overLimit) {
    return failed([
      {
        row: overLimit.row,
        message: `The sheet has more than ${SIGNERS_MAX.toLocaleString('en-US')} signers; a sheet can have at most ${SIGNERS_MAX.toLocaleString('en-US')}. Split it into smaller sheets and print each one.`,
      },
    ]);
  }
  if (signerRows.length === 0 && !failure) {
    return failed([{ row: 1, message: 'The sheet has a heading row but no signers under it. Add one row per signer.' }]);
  }

  const schema = signerRowSchema(campaign);
  const cellOf = (cells: string[], field: Field) => {
    const index = header.fieldAt[field];
    return index === undefined ? '' : (cells[index] ?? '');
  };
  const signers: Signer[] = [];
  const rowProblems: RowProblem[] = failure ? [failure] : [];
  for (const sheetRow of signerRows) {
    rowProblems.push(...strayCellProblems(sheetRow, header));
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
