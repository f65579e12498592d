import { z } from 'zod';
import type { Translate } from '../i18n/messages.ts';
import { addDays, daysBetween, utcDay } from '../shared/day.ts';

/** A day in a query: YYYY-MM-DD, a UTC calendar day. The counts API (read by scripts) answers in English. */
export const daySchema = z.iso.date({ error: 'Use a date like 2026-11-22.' });

/** Days of counts to read, both ends included; either end may be left open. */
export interface DayRange {
  /** First UTC day included, YYYY-MM-DD. */
  from?: string | undefined;
  /** Last UTC day included, YYYY-MM-DD. */
  to?: string | undefined;
}

/** The counts API's range: both ends optional, nothing else allowed. */
export const dayRangeSchema = z.object({ from: daySchema.optional(), to: daySchema.optional() }).strict();

/** The longest range the dashboard draws: one bar a day stays readable up to about a year. */
export const RANGE_MAX_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

/**
 * The dashboard's date range from its query (empty fields allowed, as a form sends them): the last 30 days when
 * neither end is given, at most RANGE_MAX_DAYS. Its messages are in `t`'s language; `today` is the clock.
 */
export function dashboardRangeSchema(t: Translate, today: () => Date = () => new Date()) {
  const day = z.iso.date({ error: t('organize.dashboard.range.badDate') });
  return z
    .object({ from: z.union([z.literal(''), day]).optional(), to: z.union([z.literal(''), day]).optional() })
    .transform((q, ctx) => {
      const to = q.to || utcDay(today());
      const from = q.from || addDays(to, -(DEFAULT_RANGE_DAYS - 1));
      const days = daysBetween(from, to) + 1;
      if (days < 1) ctx.addIssue({ code: 'custom', path: ['from'], message: t('organize.dashboard.range.backwards') });
      else if (days > RANGE_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['from'], message: t('organize.dashboard.range.tooLong', { count: RANGE_MAX_DAYS }) });
      return { from, to };
    });
}

/** The dashboard's range: unlike a DayRange, both ends are always known. */
export type DashboardRange = { from: string; to: string };

/** Every day of the range, oldest first. */
export function daysOf({ from, to }: DashboardRange): string[] {
  return Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));
}
