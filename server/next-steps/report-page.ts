import type { Campaign } from '../content/campaign.ts';
import { officeName, type Office } from '../content/office.ts';
import type { Translate } from '../i18n/messages.ts';
import { contentLanguageOf, type PageWords } from './page.ts';
import { REPORT_DAYS } from './report-later.ts';
import { officeTallies } from './tallies.ts';

export interface ReportPageState {
  /** A code that verified, and the offices of its letter: the page shows their buttons. */
  report?: { code: string; offices: Office[] };
  /** The code as typed, kept in the box when it did not verify. */
  typed?: string;
  error?: string;
  /** Tallies counted in this visit, shown as done when the page is drawn again. */
  counted?: string[];
  status?: { tone: 'success' | 'warning' | 'error'; message: string };
}

/** What the page says about a code that does not verify: mistyped, forged, expired or another campaign's. */
export const codeError = (t: Translate) => t('next-steps.report.wrongCode', { count: REPORT_DAYS });

/** "Tell the campaign how you sent your letters": a box for the code, or the code's offices with their buttons. */
export function reportPageModel(campaign: Campaign, state: ReportPageState, paths: { entry: string; code?: string }, { t, lang }: PageWords) {
  const counted = new Set(state.counted ?? []);
  const title = t('next-steps.report.title');
  return {
    pageTitle: state.error ? t('site.errorTitle', { title }) : title,
    contentLang: contentLanguageOf(campaign, lang),
    description: t('next-steps.report.description', { title: campaign.title }),
    campaign,
    // Paths on this site: the template's {{href}} keeps the page's language in them.
    actions: { entry: paths.entry, tally: paths.code, campaign: `/c/${campaign.slug}` },
    report: state.report && {
      code: state.report.code,
      offices: state.report.offices.map((office) => ({ id: office.id, title: officeName(t, office), addressLines: office.addressLines, tallies: officeTallies(t, office, counted) })),
    },
    counted: [...counted].join(' '),
    typed: state.typed ?? '',
    error: state.error,
    status: state.status,
    days: REPORT_DAYS,
  };
}
