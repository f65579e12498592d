import { describe, expect, it } from 'vitest';
import { countsCsv, csvCell } from '../../server/counts/export.ts';
import type { DailyCountRow } from '../../server/db/daily-counts.ts';

const BOM = '\uFEFF';
const row = (key: string, overrides: Partial<DailyCountRow> = {}): DailyCountRow => ({ day: '2026-03-02', metric: 'office', key, count: 3, ...overrides });
/** The lines after the header, without the BOM and the final CRLF. */
const body = (csv: string) => csv.slice(BOM.length).split('\r\n').slice(1, -1);

describe('countsCsv', () => {
  it('starts with a BOM and the header, and gives only that for no rows', () => {
    expect(countsCsv([], 'kim')).toBe(`${BOM}campaign,day,metric,key,count\r\n`);
  });

  it('writes one CRLF-ended line per row, counts as plain digits', () => {
    const csv = countsCsv([row('ny'), row('', { metric: 'letters', count: 12 }), row('posted:consulate-chicago', { metric: 'tally', day: '2026-03-05', count: 0 })], 'kim');
    expect(csv).toBe(
      `${BOM}campaign,day,metric,key,count\r\nkim,2026-03-02,office,ny,3\r\nkim,2026-03-02,letters,,12\r\nkim,2026-03-05,tally,posted:consulate-chicago,0\r\n`,
    );
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('quotes cells with a comma, a quote or a line break, doubling quotes', () => {
    expect(body(countsCsv([row('a,b'), row('say "hi"'), row('two\nlines'), row('cr\rhere')], 'kim'))).toEqual([
      'kim,2026-03-02,office,"a,b",3',
      'kim,2026-03-02,office,"say ""hi""",3',
      'kim,2026-03-02,office,"two\nlines",3',
      'kim,2026-03-02,office,"cr\rhere",3',
    ]);
  });

  it('neutralises every cell that a spreadsheet could run as a formula', () => {
    expect(body(countsCsv([row('=HYPERLINK("http://x","y")')], 'kim'))).toEqual(['kim,2026-03-02,office,"\'=HYPERLINK(""http://x"",""y"")",3']);
    for (const lead of ['=', '+', '-', '@', '\t', '\r', '\0']) {
      const value = `${lead}1+1`;
      expect(csvCell(value).replace(/^"|"$/g, ''), JSON.stringify(lead)).toBe(`'${value}`);
    }
    // Every column that holds text goes through the same check.
    expect(body(countsCsv([row('k', { day: '+day', metric: '@metric' })], '-camp'))).toEqual(["'-camp,'+day,'@metric,k,3"]);
  });

  it('leaves safe cells alone, including those with a dangerous character further in', () => {
    for (const value of ['consulate-chicago', 'posted:embassy-washington', 'a=b', 'x@y', "'quoted", '', 'Ünïcødé 中文']) {
      expect(csvCell(value)).toBe(value);
    }
  });
});
