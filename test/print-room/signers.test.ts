import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../server/content/catalog.ts';
import type { Campaign } from '../../server/content/campaign.ts';
import { unsupportedCharacters } from '../../server/pdf/index.ts';
import { readSignerSheet, SHEET_COLUMNS, SIGNERS_MAX, type SheetResult } from '../../server/print-room/signers.ts';
import { ADDRESS_LINE_MAX, ADDRESS_LINES_MAX, NAME_MAX } from '../../server/letters/rules.ts';
import { REAL_CONTENT_DIR } from '../support/paths.ts';
import { loadMessages, type Translate } from '../../server/i18n/messages.ts';

let campaign: Campaign;
beforeAll(async () => {
  campaign = (await loadCatalog(REAL_CONTENT_DIR)).getCampaign('stop-forced-return')!;
});

/** Sheet text from lines, joined with LF (or the given line end). */
const sheet = (lines: string[], lineEnd = '\n') => lines.join(lineEnd);
const read = (text: string) => readSignerSheet(text, campaign);


function signersOf(result: SheetResult) {
  if (!result.ok) throw new Error(`expected the sheet to be read, got problems: ${JSON.stringify(result.problems)}`);
  return result.sheet.signers;
}
function problemsOf(result: SheetResult) {
  if (result.ok) throw new Error('expected problems, the sheet was read');
  return result.problems;
}
/** The one problem of a sheet with a single bad cell. */
async function onlyProblem(text: string) {
  const problems = problemsOf(await read(text));
  expect(problems).toHaveLength(1);
  return problems[0]!;
}
const names = async (text: string) => signersOf(await read(text)).map((s) => s.name);
const repeat = (count: number, row: (i: number) => string) => Array.from({ length: count }, (_, i) => row(i));

describe('reading a sign-up sheet', () => {
  it('reads every column into a signer', async () => {
    const text = sheet(['name,address,own words,paragraphs', 'Kim Lee,12 Main St / Springfield IL,Please let them go.,refugee-convention']);
    expect(signersOf(await read(text))).toEqual([
      { name: 'Kim Lee', address: '12 Main St\nSpringfield IL', ownWords: 'Please let them go.', paragraphIds: ['refugee-convention'] },
    ]);
  });

  it('keeps quotes, commas and line breaks inside quoted cells', async () => {
    const text = sheet(['name,address,own words', '"Lee, Kim","12 Main St', 'Springfield IL","She said ""now"", and I agree."']);
    expect(signersOf(await read(text))).toEqual([
      expect.objectContaining({ name: 'Lee, Kim', address: '12 Main St\nSpringfield IL', ownWords: 'She said "now", and I agree.' }),
    ]);
  });

  it('keeps a quote inside an unquoted cell as typed', async () => {
    expect(await names(sheet(['name', 'Kim "Jack" Lee']))).toEqual(['Kim "Jack" Lee']);
  });

  it('ignores a UTF-8 byte-order mark before the heading row', async () => {
    expect(await names('\uFEFF' + sheet(['"name","address"', '"Kim Lee","12 Main St"']))).toEqual(['Kim Lee']);
  });

  it('reads CRLF line ends, also inside a quoted cell, and a trailing newline', async () => {
    const text = sheet(['name,address', 'Kim Lee,"12 Main St', 'Springfield"', 'Ana Diaz,', ''], '\r\n');
    expect(signersOf(await read(text)).map((s) => [s.name, s.address])).toEqual([
      ['Kim Lee', '12 Main St\nSpringfield'],
      ['Ana Diaz', ''],
    ]);
  });

  it('trims every cell, also around quotes', async () => {
    expect(signersOf(await read(sheet(['name , address', '  Kim Lee ,  " 12 Main St "'])))[0]).toMatchObject({ name: 'Kim Lee', address: '12 Main St' });
  });

  it('reads rows pasted from a spreadsheet (tab-separated)', async () => {
    const text = sheet(['Name\tAddress\tOwn words', 'Lee, Kim\t12 Main St\tFree them, please.']);
    expect(signersOf(await read(text))[0]).toMatchObject({ name: 'Lee, Kim', address: '12 Main St', ownWords: 'Free them, please.' });
  });

  it('reads semicolon-separated sheets (European Excel)', async () => {
    const text = sheet(['Name;Address', 'Łukasz Nowak;"ul. Długa 5; 00-001 Warszawa"']);
    expect(signersOf(await read(text))[0]).toMatchObject({ name: 'Łukasz Nowak', address: 'ul. Długa 5\n00-001 Warszawa' });
  });

  it('understands every heading and alias it lists, in any case and spacing', async () => {
    for (const column of SHEET_COLUMNS) {
      for (const heading of [column.heading, ...column.aliases]) {
        const shouted = `  ${heading.toUpperCase()} `;
        const text = column.field === 'name' ? sheet([shouted, 'Kim Lee']) : sheet([`name,${shouted}`, 'Kim Lee,']);
        expect((await read(text)).ok, heading).toBe(true);
      }
    }
  });

  it('treats missing cells at the end of a row as empty', async () => {
    expect(signersOf(await read(sheet(['name,address,own words', 'Kim Lee'])))[0]).toMatchObject({ address: '', ownWords: '' });
  });

  it('skips rows whose cells are all empty and counts them', async () => {
    const result = await read(sheet(['name,address', 'Kim Lee,', '', ' , ', 'Ana Diaz,']));
    expect(result).toEqual({ ok: true, sheet: { signers: expect.any(Array), blankRows: 2 } });
    expect(signersOf(result).map((s) => s.name)).toEqual(['Kim Lee', 'Ana Diaz']);
  });

  it('accepts blank headings and empty cells padded on by a spreadsheet export', async () => {
    expect(await names(sheet(['name,address,,', 'Kim Lee,12 Main St,,']))).toEqual(['Kim Lee']);
  });

  it(`reads ${SIGNERS_MAX.toLocaleString('en-US')} signers, and refuses one more with a single problem`, async () => {
    const rows = repeat(SIGNERS_MAX, (i) => `Signer ${i},${i} Main St / Springfield,,refugee-convention`);
    const header = 'name,address,own words,paragraphs';
    const full = signersOf(await read(sheet([header, ...rows])));
    expect(full).toHaveLength(SIGNERS_MAX);
    expect(full.at(-1)).toMatchObject({ name: `Signer ${SIGNERS_MAX - 1}`, paragraphIds: ['refugee-convention'] });

    const result = await read(sheet([header, ...rows, 'One Too Many,,,']));
    expect(problemsOf(result)).toEqual([{ row: SIGNERS_MAX + 2, message: expect.stringContaining('at most 10,000') }]);
  });
});

describe('blank rows', () => {
  it('counts blank rows between signers toward the row limit, so a sheet of empty rows is refused, not read', async () => {
    const result = await read(sheet(['name,address', ...repeat(SIGNERS_MAX, () => ','), 'Kim Lee,']));
    expect(problemsOf(result)).toEqual([{ row: SIGNERS_MAX + 2, message: expect.stringContaining('at most 10,000') }]);
    // Four million blank rows: refused at row 10,002 the same way, without reading the rest.
    const huge = await read(`name,address\n${',\n'.repeat(4_000_000)}Kim Lee,\n`);
    expect(problemsOf(huge)).toEqual([{ row: SIGNERS_MAX + 2, message: expect.stringContaining('at most 10,000') }]);
  });

  it('drops the empty rows a spreadsheet exports after the last signer, however many', async () => {
    const exported = `name,address,own words\r\nKim Lee,12 Main St,\r\nAna Diaz,,\r\n${',,\r\n'.repeat(1_000_000)}`;
    const result = await read(exported);
    expect(signersOf(result).map((s) => s.name)).toEqual(['Kim Lee', 'Ana Diaz']);
    expect(await names(`name\nKim Lee\n${' ;\t\n\n'.repeat(1_000)}`)).toEqual(['Kim Lee']);
    // A last row with something in it is kept, whatever precedes it.
    expect(await names(`name\nKim Lee\n,\n\nAna Diaz`)).toEqual(['Kim Lee', 'Ana Diaz']);
  });
});

describe('a sheet that cannot be read', () => {
  it('says an empty or whitespace-only sheet is empty', async () => {
    for (const text of ['', '  \n\t\n', '\uFEFF']) {
      expect(await onlyProblem(text)).toEqual({ row: 1, message: expect.stringContaining('The sheet is empty') });
    }
  });

  it('says a heading row with no signers under it has no signers', async () => {
    for (const text of ['name,address', 'name,address\n', 'name,address\n,\n\n']) {
      expect(await onlyProblem(text)).toEqual({ row: 1, message: expect.stringContaining('no signers') });
    }
  });

  it('names an unknown column at row 1 and lists the headings it understands', async () => {
    const problem = await onlyProblem(sheet(['name,Email', 'Kim Lee,kim@example.org']));
    expect(problem).toMatchObject({ row: 1, column: 'Email' });
    for (const heading of ['"name"', '"full name"', '"address"', '"own words"', '"paragraphs"']) expect(problem.message).toContain(heading);
  });

  it('requires a name column', async () => {
    const problem = await onlyProblem(sheet(['address,own words', '12 Main St,Hello']));
    expect(problem).toMatchObject({ row: 1, message: expect.stringContaining('no name column') });
    expect(problem.message).toContain('"full name"');
  });

  it('says so when the first row is a signer instead of headings', async () => {
    expect(await onlyProblem(sheet(['Kim Lee,12 Main St', 'Ana Diaz,3 Elm St']))).toMatchObject({
      row: 1,
      message: expect.stringContaining('must be a heading row'),
    });
  });

  it('refuses a column that appears twice', async () => {
    expect(await onlyProblem(sheet(['Name,Address,Full name', 'Kim Lee,12 Main St,Kim Lee']))).toMatchObject({
      row: 1,
      column: 'Full name',
      message: expect.stringContaining('repeats the name column'),
    });
  });

  it('names a row with more cells than the heading row', async () => {
    expect(await onlyProblem(sheet(['name,address', 'Kim Lee,12 Main St', 'Lee, Kim,12 Main St']))).toMatchObject({
      row: 3,
      message: expect.stringContaining('3 cells but the heading row has 2'),
    });
  });

  it('names a value under a column with no heading', async () => {
    expect(await onlyProblem(sheet(['name,,address', 'Kim Lee,oops,12 Main St']))).toMatchObject({
      row: 2,
      message: expect.stringContaining('Column B has a value but no heading'),
    });
  });

  it('reports an unclosed quote at the row where it starts, not as an exception', async () => {
    const text = sheet(['name,address', 'Kim Lee,12 Main St', 'Ana Diaz,"3 Elm St', 'Bo Park,4 Oak St', 'Cy Wu,5 Pine St']);
    expect(await onlyProblem(text)).toEqual({ row: 3, message: expect.stringContaining('never closed') });
  });

  it('reports text after a closing quote', async () => {
    expect(await onlyProblem(sheet(['name', 'Kim Lee', '"Ana" Diaz']))).toEqual({ row: 3, message: expect.stringContaining('after its closing quote') });
  });

  it('counts a cell with line breaks as one spreadsheet row', async () => {
    const text = sheet(['name,own words', 'Kim Lee,"First line', '', 'second paragraph"', ',Words with no name']);
    expect(await onlyProblem(text)).toMatchObject({ row: 3, column: 'name' });
  });
});

describe('checking each row like the campaign form', () => {
  const nameProblem = async (name: string) => await onlyProblem(sheet(['Full Name', name]));

  it('requires a name, and names the column as the sheet does', async () => {
    expect(await onlyProblem(sheet(['Full Name,address', ',12 Main St']))).toEqual({
      row: 2,
      column: 'Full Name',
      message: "missing; every letter needs the signer's name.",
    });
  });

  it(`limits a name to ${NAME_MAX} characters`, async () => {
    expect(await names(sheet(['name', 'K'.repeat(NAME_MAX)]))).toHaveLength(1);
    expect((await nameProblem('K'.repeat(NAME_MAX + 1))).message).toContain(`at most ${NAME_MAX}`);
  });

  it('keeps a name on one line and free of control characters', async () => {
    expect((await nameProblem('"Kim\nLee"')).message).toContain('on more than one line');
    expect((await nameProblem('Kim\u0007Lee')).message).toContain('control characters');
  });

  it('refuses characters the letter fonts cannot print, and accepts the scripts they cover', async () => {
    expect(unsupportedCharacters('😀')).toEqual(['😀']);
    expect((await nameProblem('Kim Lee 😀')).message).toContain('cannot print (😀)');
    expect(await names(sheet(['name', '김혜숙', '李明', 'Nguyễn Văn An', 'Алексей']))).toHaveLength(4);
  });

  it('splits an address into lines at line breaks, " / " and ";" but not inside c/o', async () => {
    const text = sheet(['name,address', 'Kim Lee,"c/o Ana Diaz / 12 Main St; Apt 3', 'Springfield IL"']);
    expect(signersOf(await read(text))[0]!.address).toBe('c/o Ana Diaz\n12 Main St\nApt 3\nSpringfield IL');
  });

  it(`limits an address to ${ADDRESS_LINES_MAX} lines of ${ADDRESS_LINE_MAX} characters`, async () => {
    const addressProblem = async (address: string) => await onlyProblem(sheet(['name,address', `Kim Lee,${address}`]));
    expect(await addressProblem(repeat(ADDRESS_LINES_MAX + 1, (i) => `line ${i}`).join(' / '))).toMatchObject({
      column: 'address',
      message: expect.stringContaining(`at most ${ADDRESS_LINES_MAX}`),
    });
    expect((await addressProblem(`12 Main St / ${'x'.repeat(ADDRESS_LINE_MAX + 1)}`)).message).toContain('line 2 is');
  });

  it("limits own words to the campaign's maximum", async () => {
    const max = campaign.letter.ownWordsMaxLength;
    const ownWordsRow = (length: number) => sheet(['name,message', `Kim Lee,${'w'.repeat(length)}`]);
    expect((await read(ownWordsRow(max))).ok).toBe(true);
    expect(await onlyProblem(ownWordsRow(max + 1))).toMatchObject({ column: 'message', message: expect.stringContaining('at most 2,000') });
  });

  describe('the paragraphs column', () => {
    const row = (cell: string) => sheet(['name,paragraphs', `Kim Lee,"${cell}"`]);
    const paragraphsOf = async (cell: string) => signersOf(await read(row(cell)))[0]!.paragraphIds;
    const paragraphProblems = async (cell: string) => problemsOf(await read(row(cell)));

    it('takes optional paragraphs by id or by label, in any case, each once, in the letter order', async () => {
      expect(await paragraphsOf('chance-for-reform; REFUGEE-CONVENTION')).toEqual(['refugee-convention', 'chance-for-reform']);
      expect(await paragraphsOf("china's duty under the refugee convention")).toEqual(['refugee-convention']);
      expect(await paragraphsOf('refugee-convention, China’s duty under the Refugee Convention')).toEqual(['refugee-convention']);
    });

    it('reads a label that itself contains a comma', async () => {
      expect(await paragraphsOf('Violence, trafficking and the UN refugee agency, chance-for-reform')).toEqual(['let-unhcr-help', 'chance-for-reform']);
    });

    it('gives an empty cell the paragraphs the form starts with, and "none" no optional paragraph', async () => {
      const ticked = campaign.letter.paragraphs.filter((p) => p.optional && p.checkedByDefault).map((p) => p.id);
      expect(ticked.length).toBeGreaterThan(0);
      expect(await paragraphsOf('')).toEqual(ticked);
      expect(await paragraphsOf('None')).toEqual([]);
    });

    it('names an unknown paragraph and lists the allowed labels', async () => {
      const [problem, ...rest] = await paragraphProblems('refugee-convention; free tibet');
      expect(rest).toEqual([]);
      expect(problem).toMatchObject({ row: 2, column: 'paragraphs', message: expect.stringContaining('"free tibet" is not one of') });
      for (const p of campaign.letter.paragraphs.filter((p) => p.optional)) expect(problem!.message).toContain(`"${p.label}"`);
    });

    it('says a paragraph every letter has is always included', async () => {
      expect(await paragraphProblems('do-not-send-back')).toEqual([
        { row: 2, column: 'paragraphs', message: expect.stringContaining('"do-not-send-back" is in every letter already') },
      ]);
    });
  });

  it('reports every problem of a row, each with its column', async () => {
    const text = sheet(['name,address,paragraphs', `,${repeat(ADDRESS_LINES_MAX + 1, String).join(';')},nonsense`]);
    expect(problemsOf(await read(text)).map((p) => [p.row, p.column])).toEqual([
      [2, 'name'],
      [2, 'address'],
      [2, 'paragraphs'],
    ]);
  });

  it('sorts problems by row, with a broken quote after the rows before it', async () => {
    const text = sheet(['name,address', ',12 Main St', 'Kim Lee,', '"Ana Diaz,3 Elm St']);
    expect(problemsOf(await read(text)).map((p) => p.row)).toEqual([2, 4]);
  });

  it('returns at most 100 problems and counts the rest', async () => {
    const result = await read(sheet(['name,address', ...repeat(150, (i) => `,${i} Main St`)]));
    if (result.ok) throw new Error('expected problems');
    expect(result.problems).toHaveLength(100);
    expect(result.problems[0]!.row).toBe(2);
    expect(result.problems.at(-1)!.row).toBe(101);
    expect(result.moreProblems).toBe(50);
  });
});

describe('the sheet’s messages are the page’s', () => {
  /** A Translate that shows which message was asked for, with what: no English can hide behind it. */
  const keysOnly = ((key: string, values?: Record<string, unknown>) => `[${key}${values ? ` ${JSON.stringify(values)}` : ''}]`) as unknown as Translate;

  it('words every problem through the messages, the sheet’s own headings and cells passed in as they are', async () => {
    const texts = [
      '',
      'name,address',
      'Email,Phone',
      'name,Email\nKim Lee,x',
      'address\n12 Main St',
      'name,Full name\nKim Lee,Kim Lee',
      'name\nKim Lee,extra',
      'name,,address\nKim Lee,oops,12 Main St',
      'name\n"Kim Lee',
      `name,address,own words,paragraphs\n${'K'.repeat(NAME_MAX + 1)},${'x'.repeat(ADDRESS_LINE_MAX + 1)},,nonsense`,
    ];
    for (const text of texts) {
      const result = await readSignerSheet(text, campaign, keysOnly);
      if (result.ok) throw new Error(`expected problems for ${JSON.stringify(text)}`);
      for (const problem of result.problems) expect(problem.message, text).toMatch(/^\[organize\.sheet\./);
    }
    const unknown = await readSignerSheet('name,Email\nKim Lee,x', campaign, keysOnly);
    expect(!unknown.ok && unknown.problems[0]).toMatchObject({ column: 'Email', message: expect.stringContaining('organize.sheet.header.unknown') });
  });

  it('writes numbers the page language’s way', async () => {
    const german = loadMessages().forLanguage('de');
    const rows = repeat(SIGNERS_MAX + 1, (i) => `Signer ${i}`);
    const result = await readSignerSheet(sheet(['name', ...rows]), campaign, german);
    expect(problemsOf(result)[0]!.message).toContain('10.000');
  });
});
