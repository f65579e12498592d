import type { Campaign } from '../content/campaign.ts';
import { letterAsPlainText } from '../letters/plain-text.ts';
import { hasEmail, hasFax, officeTitle, postalLines } from '../content/office.ts';
import { PAPER_NAMES } from '../shared/paper.ts';
import { carryLetter, letterPackOf, type ComposedLetter } from './carried-letter.ts';
import { mailtoLink } from './email-links.ts';
import { postageAdvice } from './postage.ts';
import { envelopeFor, type EnvelopeSize } from '../content/countries.ts';

/** How the page names the envelope the PDF is sized for. */
const ENVELOPE_NAMES: Record<EnvelopeSize, string> = {
  us10: 'US #10 (9½ × 4⅛ in)',
  dl: 'DL (220 × 110 mm)',
  naga3: '長形3号 (Naga 3, 120 × 235 mm)',
  kr: 'standard business (규격, 220 × 105 mm)',
};
import { REPORT_DAYS } from './report-later.ts';
import { shareLinks } from './share.ts';
import { EMAIL_ACTION, officeTallies } from './tallies.ts';

export interface NextStepsState {
  composed: ComposedLetter;
  token: string;
  /** Tallies and downloads already counted from this page ("posted:consulate-chicago", "email"). */
  counted: string[];
  /** Whether "Email me my letter" is offered (SMTP configured). */
  mailAvailable: boolean;
  /** The campaign page's full address, for the share links. */
  campaignUrl: string;
  /** The outcome of the button just pressed. */
  status?: { tone: 'success' | 'warning' | 'error'; message: string };
  /** "Email me my letter": what was typed and what is wrong with it. */
  emailInput?: string;
  emailError?: string;
}

/** Everything the next-steps page shows: the downloads, each channel, and one entry per chosen office. */
export function nextStepsPageModel(campaign: Campaign, state: NextStepsState, now = new Date()) {
  const { composed, counted } = state;
  const { form, offices } = composed;
  const countedSet = new Set(counted);
  const pack = letterPackOf(campaign, composed, now);
  const body = letterAsPlainText(pack);
  const subject = campaign.letter.subject;

  const officeEntries = offices.map((office) => {
    const mailto = office.email && hasEmail(office) ? mailtoLink({ to: office.email, subject, body }) : undefined;
    return {
      id: office.id,
      title: officeTitle(office),
      // As the envelope must read from where the supporter posts it: the country's name when that is abroad.
      addressLines: postalLines(office, form.country),
      phone: office.phone,
      fax: office.fax,
      faxNote: office.faxNote,
      email: office.email,
      mailtoHref: mailto?.href,
      mailtoHasBody: mailto?.includesBody ?? false,
      lastChecked: office.lastChecked,
      tallies: officeTallies(office, countedSet),
    };
  });
  const withoutFax = offices.filter((o) => !hasFax(o));
  const withEmail = offices.filter(hasEmail);

  return {
    pageTitle: 'Your letters are ready',
    lang: campaign.language,
    campaign,
    actions: {
      pdf: `/c/${campaign.slug}/letters/pdf`,
      open: `/c/${campaign.slug}/letters/pdf?view=inline`,
      tally: `/c/${campaign.slug}/letters/tally`,
      edit: `/c/${campaign.slug}/letters/edit`,
      email: `/c/${campaign.slug}/letters/email`,
      back: `/c/${campaign.slug}`,
    },
    carried: { letter: carryLetter(composed), token: state.token, counted: counted.join(' ') },
    letterCount: offices.length,
    oneLetter: offices.length === 1,
    paperName: PAPER_NAMES[form.paperSize],
    envelopeName: ENVELOPE_NAMES[envelopeFor(form.country, form.paperSize)],
    status: state.status,
    postage: postageAdvice(offices, form.country),
    fax: {
      offices: offices.length - withoutFax.length,
      without: withoutFax.map((o) => o.city),
      none: withoutFax.length === offices.length,
    },
    email: {
      offices: withEmail.length,
      subject,
      body,
      someTooLong: officeEntries.some((o) => o.email && !o.mailtoHasBody),
    },
    mail: {
      available: state.mailAvailable,
      value: state.emailInput ?? '',
      error: state.emailError,
      sent: countedSet.has(EMAIL_ACTION),
    },
    offices: officeEntries,
    share: shareLinks(state.campaignUrl, campaign.title),
    reportDays: REPORT_DAYS,
  };
}
