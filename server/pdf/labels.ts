import { countryInSentence, countryName } from '../content/countries.ts';
import { DEFAULT_LANGUAGE, isLanguage, languageForTag, type Language } from '../i18n/languages.ts';
import { sharedMessages, type Translate } from '../i18n/messages.ts';
import type { PaperSize } from '../shared/paper.ts';

/**
 * The words the PDF adds around the letter itself, in one language: built from templates/messages/<language>/pdf.json
 * by packLabels. Sentences with numbers or names in them are functions (a worker builds them; they never cross threads).
 */
export interface PackLabels {
  pageOf: (page: number, pages: number) => string;
  whereToSend: string;
  /** On the address list's later pages. */
  whereToSendContinued: string;
  whereToSendIntro: string;
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
  /** The fax number as dialled from the sender's country (ISO 3166-1 code), with its international prefix explained. */
  faxDial: string;
  faxDialFrom: (country: string, dialled: string, exitCode: string) => string;
  /** The number of pages sent to one office, the cover sheet included. */
  faxPageCount: (pages: number) => string;
  /** `addressee` is the letter's addressee lines, joined by spaces. */
  faxPassOn: (addressee: string) => string;
  /** Under the ruled line where the writer of a letter printed for an event prints their name. */
  printedName: string;
  /** Above the ruled lines an event letter leaves for the writer's own sentence. */
  ownWordsByHand: string;
  /** The print run's summary page: its heading and the names of its fields. */
  printRunHeading: string;
  printRunDate: string;
  printRunPaper: string;
  printRunLetters: string;
  printRunLabels: string;
  paperName: (paper: PaperSize) => string;
  signerCount: (signers: number) => string;
  blankLetterCount: (perOffice: number) => string;
  /** `sheet` is the label sheet's product name ("Avery 5160"). */
  labelSummary: (sheet: string, onePer: 'office' | 'letter', labels: number, sheets: number) => string;
  noLabels: string;
  office: string;
  letterCount: string;
  total: string;
  howToPostHeading: string;
  postStacks: string;
  postEachLetter: string;
  signBeforePosting: string;
  fillInAtEvent: string;
  /** Also one of `tips`. */
  internationalPostage: string;
  /** Under a fax number: the other numbers sources give. */
  faxAlsoReported: (numbers: string[]) => string;
  /** The address page's last part: how to report later, with a code, how the letters were sent. */
  reportLaterHeading: string;
  reportLater: (entry: string, until: string) => string;
  /** The page that follows a letter with its translation: heading, one sentence, and what stands for the own words. */
  translationHeading: string;
  translationIntro: string;
  translationOwnWords: string;
}

/** The labels in the language `t` translates to (`language` names it, for the country names it puts in sentences). */
export function packLabels(t: Translate, language: Language = DEFAULT_LANGUAGE): PackLabels {
  const internationalPostage = t('pdf.tips.internationalPostage');
  // English says "from the United Kingdom"; other languages get the country's own name in them, without an article.
  const countryIn = (code: string) => (language === DEFAULT_LANGUAGE ? countryInSentence(code) : countryName(code, language));
  return {
    pageOf: (page, pages) => t('pdf.pageOf', { page, pages }),
    whereToSend: t('pdf.addressList.heading'),
    whereToSendContinued: t('pdf.addressList.headingContinued'),
    whereToSendIntro: t('pdf.addressList.intro'),
    phone: t('pdf.addressList.phone'),
    fax: t('pdf.addressList.fax'),
    email: t('pdf.addressList.email'),
    tipsHeading: t('pdf.tips.heading'),
    tips: [t('pdf.tips.sign'), t('pdf.tips.envelopes'), internationalPostage, t('pdf.tips.keepCopy')],
    faxHeading: t('pdf.faxCover.heading'),
    faxTo: t('pdf.faxCover.to'),
    faxNumber: t('pdf.faxCover.number'),
    faxFrom: t('pdf.faxCover.from'),
    faxDate: t('pdf.faxCover.date'),
    faxPages: t('pdf.faxCover.pages'),
    faxSubject: t('pdf.faxCover.subject'),
    faxDial: t('pdf.faxCover.dial'),
    faxDialFrom: (country, dialled, exitCode) => t('pdf.faxCover.dialFrom', { number: dialled, country: countryIn(country), exitCode }),
    faxPageCount: (pages) => t('pdf.faxCover.pageCount', { count: pages }),
    faxPassOn: (addressee) => t('pdf.faxCover.passOn', { addressee }),
    printedName: t('pdf.eventLetter.printedName'),
    ownWordsByHand: t('pdf.eventLetter.ownWords'),
    printRunHeading: t('pdf.printRun.heading'),
    printRunDate: t('pdf.printRun.date'),
    printRunPaper: t('pdf.printRun.paper'),
    printRunLetters: t('pdf.printRun.letters'),
    printRunLabels: t('pdf.printRun.labels'),
    paperName: (paper) => t(`pdf.printRun.paperName.${paper}`),
    signerCount: (signers) => t('pdf.printRun.signers', { count: signers }),
    blankLetterCount: (perOffice) => t('pdf.printRun.blankLetters', { count: perOffice }),
    labelSummary: (sheet, onePer, labels, sheets) =>
      t(onePer === 'office' ? 'pdf.printRun.labelsPerStack' : 'pdf.printRun.labelsPerLetter', {
        sheet,
        labels: t('pdf.printRun.labelCount', { count: labels }),
        sheets: t('pdf.printRun.sheetCount', { count: sheets }),
      }),
    noLabels: t('pdf.printRun.noLabels'),
    office: t('pdf.printRun.office'),
    letterCount: t('pdf.printRun.letterCount'),
    total: t('pdf.printRun.total'),
    howToPostHeading: t('pdf.printRun.howToPost'),
    postStacks: t('pdf.printRun.postStacks'),
    postEachLetter: t('pdf.printRun.postEachLetter'),
    signBeforePosting: t('pdf.printRun.signBeforePosting'),
    fillInAtEvent: t('pdf.printRun.fillInAtEvent'),
    internationalPostage,
    translationHeading: t('pdf.translation.heading'),
    translationIntro: t('pdf.translation.intro'),
    translationOwnWords: t('pdf.translation.ownWordsNote'),
    // Phone numbers, not words: a comma between them reads in every language these pages ship in.
    faxAlsoReported: (numbers) => t('pdf.addressList.faxAlsoReported', { numbers: numbers.join(', ') }),
    reportLaterHeading: t('pdf.reportLater.heading'),
    reportLater: (entry, until) => t('pdf.reportLater.text', { entry, until }),
  };
}

/**
 * The messages are this thread's shared ones (sharedMessages: each PDF worker loads its own once), not per document.
 * The labels of each language are built once too.
 */
const labelsByLanguage = new Map<Language, PackLabels>();

/** The labels in `language`; English when it is absent or not one the interface ships in. */
export function labelsFor(language?: unknown): PackLabels {
  const id: Language = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  let labels = labelsByLanguage.get(id);
  if (!labels) {
    labels = packLabels(sharedMessages().forLanguage(id), id);
    labelsByLanguage.set(id, labels);
  }
  return labels;
}

/** Loads the messages up front (at a worker's start), so its first document does not wait for them. */
export function preloadLabels(): void {
  try {
    labelsFor(DEFAULT_LANGUAGE);
  } catch {
    // Broken message files: the app's own start-up reports them, and so does the first document that needs them.
  }
}

/** The shipped language a letter's BCP 47 tag is written in ("en-US" → en), or English: the letter pages' words follow it. */
export function letterLabelsLanguage(letterLanguage: string): Language {
  return languageForTag(safeLanguage(letterLanguage)) ?? DEFAULT_LANGUAGE;
}

/**
 * The locale for the dates on the pages the reader keeps (the report-later deadline, the print run's date): the
 * letter's own tag when the labels are in its language (it may carry a region: "en-US" reads "January 15, 2027"),
 * else the labels' language.
 */
export function labelsLocale(labelsLanguage: unknown, letterLanguage: string): string {
  const id: Language = isLanguage(labelsLanguage) ? labelsLanguage : DEFAULT_LANGUAGE;
  const letter = safeLanguage(letterLanguage);
  return languageForTag(letter) === id ? letter : id;
}

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
