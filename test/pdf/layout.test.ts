import { describe, expect, it } from 'vitest';
import { hasGlyph } from '../../server/pdf/fonts.ts';
import { formatLetterDate, safeLanguage } from '../../server/pdf/labels.ts';
import { paginate, paragraphBreaks, type Row } from '../../server/pdf/paginate.ts';
import { plainText, splitRuns, unsupportedCharacters, wrapText } from '../../server/pdf/text.ts';

const BODY = { style: 'regular', size: 11, cache: false } as const;

describe('plainText', () => {
  it('normalises to NFC, one kind of line break, and no invisible controls', () => {
    expect(plainText('Nguye\u0302\u0303n')).toBe('Nguyễn');
    expect(plainText('a\r\nb\rc\u2028d')).toBe('a\nb\nc\nd');
    expect(plainText('a\tb\u00A0c\u200Bd\u202Ee\u0007f')).toBe('a b cdef');
    expect(plainText('lone \uD800 high and \uDC00 low')).toBe('lone \uFFFD high and \uFFFD low');
  });
});

describe('splitRuns', () => {
  it('keeps Latin, Cyrillic, Greek and Vietnamese in the serif face', () => {
    expect(splitRuns('Łukasz Алексей Νίκος Nguyễn “quoted” – 1998', 'regular')).toEqual([
      { face: 'serif', text: 'Łukasz Алексей Νίκος Nguyễn “quoted” – 1998' },
    ]);
  });

  it('falls back to the Korean face for Hangul, with the spaces and punctuation between Korean words', () => {
    expect(splitRuns('Kim 김혜숙, 박민수.', 'regular')).toEqual([
      { face: 'serif', text: 'Kim ' },
      { face: 'sansKR', text: '김혜숙, 박민수.' },
    ]);
  });

  it('sets a run of Chinese in one face: Korean when it has every character, else Chinese', () => {
    const mixed = splitRuns('李明', 'regular');
    expect(mixed).toEqual([{ face: 'sansKR', text: '李明' }]);
    // 们 and 这 are simplified forms; a run containing one is set wholly in the Chinese face.
    const simplified = '我们这里';
    expect(['们', '这'].some((c) => !hasGlyph('sansKR', c.codePointAt(0)!))).toBe(true);
    expect(splitRuns(simplified, 'regular')).toEqual([{ face: 'sansSC', text: simplified }]);
  });

  it('replaces what no font has with one U+FFFD per stretch, and never throws', () => {
    expect(splitRuns('a 🙏🏽 b محمد c', 'regular')).toEqual([{ face: 'serif', text: 'a \uFFFD b \uFFFD c' }]);
    expect(unsupportedCharacters('Hi 😀 김 ש')).toEqual(['😀', 'ש']);
  });
});

describe('wrapText', () => {
  const text =
    'People who are sent back face interrogation, detention in political prison camps, torture and sexual violence.';

  it('breaks at spaces, never wider than the measure, and keeps every word', () => {
    const lines = wrapText(text, 200, BODY);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(200);
    expect(lines.map((l) => l.runs.map((r) => r.text).join('')).join(' ')).toBe(text);
  });

  it('honours hard line breaks and cuts a word longer than a line', () => {
    const lines = wrapText(`short\n${'x'.repeat(120)}`, 150, BODY);
    expect(lines[0]!.runs[0]!.text).toBe('short');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(150);
  });

  it('wraps Chinese without spaces between characters, but not before closing punctuation', () => {
    const chinese = '请停止强制遣返脱北者。'.repeat(6);
    const lines = wrapText(chinese, 120, BODY);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(line.width).toBeLessThanOrEqual(120);
      expect(line.runs[0]!.text.startsWith('。')).toBe(false);
    }
    expect(lines.map((l) => l.runs.map((r) => r.text).join('')).join('')).toBe(chinese);
  });
});

describe('paginate', () => {
  const row = (breakBefore: boolean, height = 10, spaceBefore = 0): Row<null> => ({
    height,
    spaceBefore,
    breakBefore,
    draw: () => {},
  });

  it('fills pages and drops the space above a row that starts a page', () => {
    const pages = paginate([row(true), row(true, 10, 5), row(true, 10, 5), row(true, 10, 5)], 39);
    expect(pages.map((p) => p.map((r) => r.top))).toEqual([[0, 15], [0, 15]]);
  });

  it('moves a keep-together group to the next page as a whole', () => {
    // Two free lines, then a block of three that may not be split.
    const rows = [row(true), row(true), row(true), row(false), row(false)];
    const pages = paginate(rows, 40);
    expect(pages.map((p) => p.length)).toEqual([2, 3]);
  });

  it('breaks anyway when a group is taller than a page', () => {
    const rows = [row(true), row(false), row(false), row(false), row(false)];
    expect(paginate(rows, 30).map((p) => p.length)).toEqual([3, 2]);
  });

  it('keeps at least two lines of a paragraph together at either end', () => {
    expect(paragraphBreaks(1, true)).toEqual([true]);
    expect(paragraphBreaks(3, true)).toEqual([true, false, false]);
    expect(paragraphBreaks(5, false)).toEqual([false, false, true, true, false]);
  });
});

describe('dates and languages', () => {
  const date = new Date('2026-11-22T23:30:00Z');
  it('prints a long date in the language, in UTC', () => {
    expect(formatLetterDate(date, 'en')).toBe('22 November 2026');
    expect(formatLetterDate(date, 'en-US')).toBe('November 22, 2026');
    expect(formatLetterDate(date, 'ko')).toBe('2026년 11월 22일');
    expect(formatLetterDate(date, 'fr')).toBe('22 novembre 2026');
  });

  it('falls back to English for a tag that is not one', () => {
    expect(safeLanguage('en-GB')).toBe('en-GB');
    expect(safeLanguage(') /JS (alert')).toBe('en');
    expect(formatLetterDate(date, 'x')).toBe('22 November 2026');
  });
});
