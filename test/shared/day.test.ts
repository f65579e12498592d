import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, utcDay } from '../../server/shared/day.ts';

describe('utcDay', () => {
  it('buckets by the UTC calendar day, whatever the local offset', () => {
    expect(utcDay(new Date('2026-03-01T23:30:00-05:00'))).toBe('2026-03-02');
    expect(utcDay(new Date('2026-03-02T00:30:00+09:00'))).toBe('2026-03-01');
    expect(utcDay(new Date('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31');
  });
});

describe('addDays and daysBetween', () => {
  it('count whole UTC days, across months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-31', '2027-01-30')).toBe(30);
    expect(daysBetween('2026-11-02', '2026-11-01')).toBe(-1);
  });
});
