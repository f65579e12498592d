import type { Translate } from '../i18n/messages.ts';
/**
 * What the public campaign page says about how many letters were written. Exact numbers only from the campaign's
 * threshold up: below it, one supporter's letter could be read off the page (by watching it change, say), so it
 * reads "fewer than 10" instead.
 */
export interface PublicProgress {
  /** "1,234 letters made" or "Fewer than 10 letters made". */
  text: string;
  /** Whether the exact number is shown. */
  exact: boolean;
  goal?: { value: number; text: string; max: number; shown: number; percent: number };
}

export function publicProgress(
  letters: number,
  { threshold, goal, language = 'en', t }: { threshold: number; goal?: number | undefined; language?: string; t: Translate },
): PublicProgress {
  const format = new Intl.NumberFormat(language);
  const exact = letters >= threshold;
  const text = exact
    ? t('campaign.progress.made', { count: letters, formatted: format.format(letters) })
    : t('campaign.progress.fewerThan', { formatted: format.format(threshold) });
  if (!goal) return { text, exact };
  const shown = exact ? Math.min(letters, goal) : 0;
  return {
    text,
    exact,
    goal: { value: goal, text: t('campaign.progress.goal', { formatted: format.format(goal) }), max: goal, shown, percent: Math.floor((shown / goal) * 100) },
  };
}
