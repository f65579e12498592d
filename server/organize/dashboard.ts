import { isLanguage, LANGUAGE_NAMES } from '../i18n/languages.ts';
import { campaignPhase, optionalParagraphs, type Campaign } from '../content/campaign.ts';
import { CHANNELS } from '../counts/metrics.ts';
import { daysOf, type DashboardRange } from '../counts/range.ts';
import type { WideColumns } from '../counts/export.ts';
import type { CampaignCounts } from '../counts/read.ts';
import { countryName } from '../content/countries.ts';
import { officeName, type Office } from '../content/office.ts';
import type { Language } from '../i18n/languages.ts';
import type { Translate } from '../i18n/messages.ts';
import { startOfDay } from '../shared/day.ts';

/** How the organizer pages name where a campaign stands. */
export const phaseName = (t: Translate, phase: Campaign['status']): string => t(`organize.phase.${phase}`);

/** An office as the organizer pages list it: "Embassy, Washington, DC (United States)". */
export const officeWithCountry = (t: Translate, language: Language, office: Office): string =>
  t('organize.officeWithCountry', { office: officeName(t, office), country: countryName(office.country, language) });

const CHART = { width: 720, height: 240, left: 48, right: 12, top: 12, bottom: 32 };

/** The smallest "nice" number (1, 2 or 5 times a power of ten) at or above `value`. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].map((m) => m * power).find((n) => n >= value) ?? 10 * power);
}

const dateOf = startOfDay;
/** English pages write the day first ("22 November 2026"), as they always have; every other language its own way. */
const localeOf = (language: Language) => (language === 'en' ? 'en-GB' : language);

/** The page language's date, number and percentage formats, made once per language. */
const formats = new Map<Language, ReturnType<typeof makeFormats>>();
function formatsFor(language: Language) {
  let made = formats.get(language);
  if (!made) formats.set(language, (made = makeFormats(language)));
  return made;
}

function makeFormats(language: Language) {
  const locale = localeOf(language);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return {
    shortDate: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }),
    longDate: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
    oneDecimal,
    /** A part of a whole, or a dash when there is no whole. */
    share: (part: number, whole: number) => (whole > 0 ? percent.format(part / whole) : '—'),
  };
}

/**
 * Letters per day as the parts of an SVG bar chart: the template draws them with escaped attributes only, so the
 * chart is plain server-rendered SVG that needs no script.
 */
export function lettersPerDayChart(series: Array<{ day: string; letters: number }>, t: Translate, language: Language) {
  const { shortDate } = formatsFor(language);
  const { width, height, left, right, top, bottom } = CHART;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const max = niceCeiling(Math.max(0, ...series.map((d) => d.letters)));
  const slot = plotWidth / Math.max(1, series.length);
  const barWidth = Math.max(1, slot * 0.8);
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const bars = series.map((d, i) => ({
    x: round(left + i * slot + (slot - barWidth) / 2),
    y: round(y(d.letters)),
    width: round(barWidth),
    height: round((d.letters / max) * plotHeight),
    title: t('organize.dashboard.perDay.bar', { day: shortDate.format(dateOf(d.day)), letters: d.letters }),
  }));
  const ticks = [0, max / 2, max].filter((v) => Number.isInteger(v)).map((value) => ({ value, y: round(y(value)), textY: round(y(value) + 4) }));
  // About six date labels, always including the last day (moved up to it when the last regular label is close).
  const step = Math.max(1, Math.ceil(series.length / 6));
  const last = series.length - 1;
  const labelled = series.map((_, i) => i).filter((i) => i % step === 0);
  if (labelled.at(-1) !== last) {
    if (labelled.length > 1 && last - labelled.at(-1)! < step / 2) labelled.pop();
    labelled.push(last);
  }
  const labels = labelled.map((i) => ({ x: round(left + i * slot + slot / 2), y: height - 10, text: shortDate.format(dateOf(series[i]!.day)) }));
  return { width, height, left, right: width - right, baseline: round(y(0)), top, bars, ticks, labels, max };
}

const round = (n: number) => Math.round(n * 10) / 10;

export interface DashboardInput {
  campaign: Campaign;
  /** Every office the campaign names, open or closed, in the campaign's order. */
  offices: Office[];
  counts: CampaignCounts;
  range: DashboardRange;
  /** Letters since the campaign began, whatever the range. */
  allTimeLetters: number;
  /** The page's words and language. */
  t: Translate;
  language: Language;
}

/** Everything the dashboard template shows, from the raw counts of the range. */
export function dashboardModel({ campaign, offices, counts, range, allTimeLetters, t, language }: DashboardInput) {
  const { totals } = counts;
  const { longDate, oneDecimal, share: percent } = formatsFor(language);
  const byDay = new Map(counts.days.map((d) => [d.day, d]));
  const series = daysOf(range).map((d) => ({ day: d, letters: byDay.get(d)?.letters ?? 0 }));
  const peak = series.reduce((best, d) => (d.letters > best.letters ? d : best), series[0]!);
  const rangeText = t('organize.dashboard.range.text', { from: longDate.format(dateOf(range.from)), to: longDate.format(dateOf(range.to)) });
  const knownOffices = new Set(offices.map((o) => o.id));

  return {
    campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status },
    phase: phaseName(t, campaignPhase(campaign)),
    range: { ...range, text: rangeText },
    allTimeLetters,
    totals: {
      letters: totals.letters,
      packs: totals.packs,
      lettersPerPack: totals.packs > 0 ? oneDecimal.format(totals.letters / totals.packs) : '—',
      ownWords: totals.ownWords,
      ownWordsShare: percent(totals.ownWords, totals.packs),
    },
    chart: {
      ...lettersPerDayChart(series, t, language),
      description:
        peak.letters > 0
          ? t('organize.dashboard.perDay.description', { range: rangeText, total: totals.letters, day: longDate.format(dateOf(peak.day)), peak: peak.letters })
          : t('organize.dashboard.perDay.descriptionNone', { range: rangeText }),
    },
    days: series.filter((d) => d.letters > 0).map((d) => ({ ...d, text: longDate.format(dateOf(d.day)), packs: byDay.get(d.day)?.packs ?? 0 })),
    // Derived from the offices written to: nothing is known, or kept, of where the supporters live.
    countries: [...new Set(offices.map((o) => o.country))]
      .map((country) => {
        const letters = offices.filter((o) => o.country === country).reduce((sum, o) => sum + (totals.offices[o.id] ?? 0), 0);
        return { name: countryName(country, language), letters, share: percent(letters, totals.letters) };
      })
      .filter((c) => c.letters > 0)
      .sort((a, b) => b.letters - a.letters || a.name.localeCompare(b.name, language)),
    offices: [
      // Offices never offered (unverified) and without letters would only make the table long.
      ...offices.filter((office) => office.status.state !== 'unverified' || (totals.offices[office.id] ?? 0) > 0).map((office) => ({
        title: officeWithCountry(t, language, office),
        open: office.status.state === 'open',
        letters: totals.offices[office.id] ?? 0,
        share: percent(totals.offices[office.id] ?? 0, totals.letters),
        channels: CHANNELS.map((channel) => totals.channels[channel].offices[office.id] ?? 0),
      })),
      // Letters to an office the campaign no longer names still happened: they are shown, not dropped.
      ...Object.entries(totals.offices)
        .filter(([id]) => !knownOffices.has(id))
        .map(([id, letters]) => ({ title: t('organize.dashboard.offices.gone', { office: id }), open: false, letters, share: percent(letters, totals.letters), channels: CHANNELS.map((c) => totals.channels[c].offices[id] ?? 0) })),
    ],
    paragraphs: optionalParagraphs(campaign).map((p) => ({ label: p.label ?? p.id, count: totals.paragraphs[p.id] ?? 0, share: percent(totals.paragraphs[p.id] ?? 0, totals.packs) })),
    channels: CHANNELS.map((channel) => ({ name: t(`organize.channel.${channel}`), count: totals.channels[channel].total, share: percent(totals.channels[channel].total, totals.letters) })),
    downloads: totals.packsByKind,
    paper: { letter: totals.paper.letter ?? 0, a4: totals.paper.a4 ?? 0 },
    letterLanguages: Object.entries(totals.letterLanguages)
      .sort(([, a], [, b]) => b - a)
      .map(([id, count]) => ({ id, name: isLanguage(id) ? LANGUAGE_NAMES[id] : id, count, share: percent(count, totals.packs) })),
    translations: Object.values(totals.translations).reduce((sum, n) => sum + n, 0),
    emails: totals.emails,
    printed: totals.printed,
    unverified: {
      ...totals.unverified,
      tallies: CHANNELS.reduce((sum, channel) => sum + totals.unverified.channels[channel], 0),
      share: percent(totals.unverified.letters, totals.letters + totals.unverified.letters),
    },
  };
}

/** The columns of the one-row-per-day export: the campaign's offices by name, its optional paragraphs by label. */
export function wideColumnsOf(campaign: Campaign, offices: Office[], english: Translate): WideColumns {
  return {
    // The export's columns are in English, like its other headings: a file for spreadsheets, not a page.
    offices: offices.map((o) => ({ id: o.id, title: officeName(english, o) })),
    paragraphs: optionalParagraphs(campaign).map((p) => ({ id: p.id, label: p.label ?? p.id })),
  };
}
