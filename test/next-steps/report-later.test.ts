import { describe, expect, it } from 'vitest';
import type { Office } from '../../server/content/office.ts';
import { countingKeyOf, createReportCodes, normalizeCode, REPORT_DAYS } from '../../server/next-steps/report-later.ts';

const office = (id: string, country = 'US') => ({ id, country }) as Office;
const book = [
  ...['embassy', 'new-york', 'chicago', 'san-francisco', 'los-angeles', 'houston'].map((id) => office(id)),
  // The rest of the world: a code must not grow with the number of countries the campaign reaches.
  ...Array.from({ length: 60 }, (_, i) => office(`office-${i}`, ['GB', 'CA', 'AU', 'KR', 'JP', 'DE'][i % 6])),
];
const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-12-01T18:00:00Z');
const key = countingKeyOf('q4Vd1xNw0yJm8bZp2sTf3A');
const codes = createReportCodes('a secret of at least thirty-two characters');

describe('the address page’s report code', () => {
  const { code, until } = codes.issue('campaign', key, [book[2]!, book[0]!], book, now);

  it('is short enough to type from paper: seven groups of four, letters and digits that cannot be mistaken', () => {
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('names offices in several countries when a letter went to them', () => {
    const both = codes.issue('campaign', key, [book[1]!, book[7]!, book[13]!], book, now).code;
    expect(codes.read('campaign', both, book, now)?.officeIds).toEqual(['new-york', 'office-1', 'office-7']);
  });

  it('gives back the counting key and the offices of the letter, in the book’s order, until its last day', () => {
    expect(codes.read('campaign', code, book, now)).toEqual({ countingKey: key, officeIds: ['embassy', 'chicago'], lastDay: expect.any(Number) });
    expect(until.toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(codes.read('campaign', code, book, new Date(until.getTime() + DAY - 1))).toBeDefined();
    expect(codes.read('campaign', code, book, new Date(until.getTime() + DAY))).toBeUndefined();
    expect(REPORT_DAYS).toBe(30);
  });

  it('reads what a person types: any case, spaces or no dashes, O for 0 and I or L for 1', () => {
    const typed = code.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o').replaceAll('1', 'l');
    expect(codes.read('campaign', typed, book, now)?.officeIds).toEqual(['embassy', 'chicago']);
    expect(normalizeCode(typed)).toBe(code);
  });

  it('refuses a mistyped or altered code, another campaign’s, another secret’s, and one whose office list has changed', () => {
    const chars = code.replaceAll('-', '').split('');
    for (let i = 0; i < chars.length; i++) {
      const altered = [...chars];
      altered[i] = altered[i] === 'A' ? 'B' : 'A';
      expect(codes.read('campaign', altered.join(''), book, now), `character ${i}`).toBeUndefined();
    }
    expect(codes.read('campaign', code.slice(0, -1), book, now)).toBeUndefined();
    expect(codes.read('campaign', `${code}7`, book, now)).toBeUndefined();
    expect(codes.read('other-campaign', code, book, now)).toBeUndefined();
    expect(createReportCodes('another secret, also long enough to use').read('campaign', code, book, now)).toBeUndefined();
    // The same position now means another office: the code names offices by id, so it stops verifying.
    expect(codes.read('campaign', code, [book[1]!, ...book.slice(0, 1), ...book.slice(2)], now)).toBeUndefined();
    expect(codes.read('campaign', '', book, now)).toBeUndefined();
    expect(codes.read('campaign', '<script>', book, now)).toBeUndefined();
  });

  it('takes the page’s counting key from the page token’s nonce, so both count a tally once together', () => {
    expect(key).toHaveLength(8);
    expect(countingKeyOf('q4Vd1xNw0yJm8bZp2sTf3A')).toBe(key);
    expect(countingKeyOf('Z4Vd1xNw0yJm8bZp2sTf3A')).not.toBe(key);
  });
});
