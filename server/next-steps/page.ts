import type { Campaign } from '../content/campaign.ts';
import { letterAsPlainText } from '../letters/plain-text.ts';
import { hasEmail, hasFax, postalLines, officeName } from '../content/office.ts';
import { languageForTag, type Language } from '../i18n/languages.ts';
import type { Translate } from '../i18n/messages.ts';
import { carryLetter, letterPackOf, type ComposedLetter } from './carried-letter.ts';
import { mailtoLink } from './email-links.ts';
import { postageAdvice } from './postage.ts';
import { envelopeFor } from '../content/countries.ts';
import { REPORT_DAYS } from './report-later.ts';
import { shareLinks } from './share.ts';
import { EMAIL_ACTION, officeTallies } from './tallies.ts';

export interface NextStepsState {
  composed: ComposedLetter;
  /** The campaign's words in the page's language, when it has them: its title in the page's sentences. */
  pageCampaign?: Campaign;
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

/** The page's language: `t` for its words, `lang` for what Intl formats on it. */
export interface PageWords {
  t: Translate;
  lang: Language;
}

/**
 * The campaign's own words (its title, the letter) carry their language when it is not the page's, so that a screen
 * reader reads them in it; undefined when they are in the page's language.
 */
export const contentLanguageOf = (campaign: Pick<Campaign, 'language'>, lang: Language): string | undefined =>
  (languageForTag(campaign.language) ?? 'en') === lang ? undefined : campaign.language;

/** The words public/js/campaign.js says on the next-steps page (data-words), in the page's language. */
function scriptWords(t: Translate): string {
  const keys = ['copied', 'copyFailed', 'makingPdf', 'failed', 'unreachable', 'sending', 'unreachableEmail'] as const;
  return JSON.stringify(Object.fromEntries(keys.map((key) => [key, t(`next-steps.js.${key}`)])));
}

/** Everything the next-steps page shows: the downloads, each channel, and one entry per chosen office. */
export function nextStepsPageModel(campaign: Campaign, state: NextStepsState, { t, lang }: PageWords, now = new Date()) {
  const { composed, counted } = state;
  const { form, offices } = composed;
  const countedSet = new Set(counted);
  const pack = { ...letterPackOf(campaign, composed, now), labelsLanguage: lang };
  const body = letterAsPlainText(pack);
  // The letter's words are in its language: its subject too.
  const subject = (composed.inLanguage ?? campaign).letter.subject;

  const officeEntries = offices.map((office) => {
    const mailto = office.email && hasEmail(office) ? mailtoLink({ to: office.email, subject, body }) : undefined;
    return {
      id: office.id,
      title: officeName(t, office),
      // As the envelope must read from where the supporter posts it: the country's name when that is abroad.
      addressLines: postalLines(office, form.country),
      phone: office.phone,
      fax: office.fax,
      faxNote: office.faxNote,
      email: office.email,
      mailtoHref: mailto?.href,
      mailtoHasBody: mailto?.includesBody ?? false,
      lastChecked: office.lastChecked,
      tallies: officeTallies(t, office, countedSet),
    };
  });
  const withoutFax = offices.filter((o) => !hasFax(o));
  const withEmail = offices.filter(hasEmail);

  return {
    pageTitle: t('next-steps.page.title'),
    // The letter's words (the email's subject and body) carry the letter's language.
    contentLang: contentLanguageOf(composed.inLanguage ?? campaign, lang),
    campaign: state.pageCampaign ?? campaign,
    // Paths on this site: the template's {{href}} keeps the page's language in them.
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
    paperName: t(`next-steps.paper.${form.paperSize}`),
    envelopeName: t(`next-steps.envelopes.${envelopeFor(form.country, form.paperSize)}`),
    status: state.status,
    postage: postageAdvice(t, lang, offices, form.country),
    fax: {
      offices: offices.length - withoutFax.length,
      without: withoutFax.map((o) => o.city),
      withoutList: new Intl.ListFormat(lang, { type: 'unit', style: 'short' }).format(withoutFax.map((o) => o.city)),
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
    share: shareLinks(t, state.campaignUrl, (state.pageCampaign ?? campaign).title),
    reportDays: REPORT_DAYS,
    jsWords: scriptWords(t),
  };
}
