/** The words the PDF adds around the letter itself. English defaults; a campaign may pass its own. */
export interface PackLabels {
  pageOf: (page: number, pages: number) => string;
  whereToSend: string;
  whereToSendIntro: string;
  continued: string;
  phone: string;
  fax: string;
  email: string;
  tipsHeading: string;
  tips: string[];
  /** The fax cover sheet: its heading, the names of its fields, and two sentences. */
  faxHeading: string;
  faxTo: string;
  faxNumber: string;
  faxFrom: string;
  faxDate: string;
  faxPages: string;
  faxSubject: string;
  /** The number of pages sent to one office, the cover sheet included. */
  faxPageCount: (pages: number) => string;
  /** `addressee` is the letter's addressee lines, joined by spaces. */
  faxPassOn: (addressee: string) => string;
}

export const englishLabels: PackLabels = {
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  whereToSend: 'Where to send your letters',
  whereToSendIntro:
    'Each letter in this pack is addressed to one of the offices below. Post it to that office, ' +
    'writing the address on the envelope exactly as it is shown here.',
  continued: '(continued)',
  phone: 'Phone',
  fax: 'Fax',
  email: 'Email',
  tipsHeading: 'Before you post',
  tips: [
    'Sign each letter by hand in the space above your printed name.',
    'Use one envelope per office, and send each letter only to the office it is addressed to.',
    'If you are writing from another country, use international postage; your post office can tell you the rate.',
    'Keep a copy of each letter and note the date you posted it.',
  ],
  faxHeading: 'Fax',
  faxTo: 'To',
  faxNumber: 'Fax number',
  faxFrom: 'From',
  faxDate: 'Date',
  faxPages: 'Pages',
  faxSubject: 'Re',
  faxPageCount: (pages) => `${pages} (including this cover sheet)`,
  faxPassOn: (addressee) => `Please pass this letter to ${addressee}.`,
};

const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** A BCP 47 tag safe to write into the PDF; anything odd falls back to English. */
export function safeLanguage(language: string): string {
  if (!LANGUAGE_TAG.test(language)) return 'en';
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/**
 * The letter's date as a long date in its language, in UTC ("22 November 2026"). Plain "en" gets the
 * day-month-year order: these letters cross borders, and that order reads the same everywhere.
 */
export function formatLetterDate(date: Date, language: string): string {
  const tag = safeLanguage(language);
  let format = dateFormats.get(tag);
  if (!format) {
    const locale = tag === 'en' ? 'en-GB' : tag;
    format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    if (dateFormats.size < 100) dateFormats.set(tag, format);
  }
  return format.format(date);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
