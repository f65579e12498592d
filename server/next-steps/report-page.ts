import type { Campaign } from '../content/campaign.ts';
import { officeTitle, type Office } from '../content/office.ts';
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

export const CODE_ERROR = `This code is not one of ours, or it has expired: codes count for ${REPORT_DAYS} days after the letters were made. Check it against the address page of your letters.`;

/** "Tell the campaign how you sent your letters": a box for the code, or the code's offices with their buttons. */
export function reportPageModel(campaign: Campaign, state: ReportPageState, paths: { entry: string; code?: string }) {
  const counted = new Set(state.counted ?? []);
  return {
    pageTitle: `${state.error ? 'Error: ' : ''}Report your letters`,
    lang: campaign.language,
    description: `Say, anonymously, how you sent your letters for “${campaign.title}”.`,
    campaign,
    actions: { entry: paths.entry, tally: paths.code, campaign: `/c/${campaign.slug}` },
    report: state.report && {
      code: state.report.code,
      offices: state.report.offices.map((office) => ({ id: office.id, title: officeTitle(office), addressLines: office.addressLines, tallies: officeTallies(office, counted) })),
    },
    counted: [...counted].join(' '),
    typed: state.typed ?? '',
    error: state.error,
    status: state.status,
    days: REPORT_DAYS,
  };
}
