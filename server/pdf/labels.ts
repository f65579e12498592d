import { PAPER_NAMES, type PaperSize } from '../shared/paper.ts';

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
  /** The fax number as dialled from the sender's country, with its international prefix explained. */
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
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const internationalPostage =
  'If you are writing from another country, use international postage; your post office can tell you the rate.';

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
    internationalPostage,
    'Keep a copy of each letter and note the date you posted it.',
  ],
  faxHeading: 'Fax',
  faxTo: 'To',
  faxNumber: 'Fax number',
  faxFrom: 'From',
  faxDate: 'Date',
  faxPages: 'Pages',
  faxSubject: 'Re',
  faxDial: 'Dial',
  faxDialFrom: (country, dialled, exitCode) => `${dialled} from ${country} (${exitCode} is its international prefix, in place of the +)`,
  faxPageCount: (pages) => `${pages} (including this cover sheet)`,
  faxPassOn: (addressee) => `Please pass this letter to ${addressee}.`,
  printedName: 'Name',
  ownWordsByHand: 'In your own words (optional)',
  printRunHeading: 'Print run',
  printRunDate: 'Date',
  printRunPaper: 'Paper',
  printRunLetters: 'Letters',
  printRunLabels: 'Address labels',
  paperName: (paper) => PAPER_NAMES[paper],
  signerCount: (signers) => plural(signers, 'signer', 'signers'),
  blankLetterCount: (perOffice) => `${plural(perOffice, 'blank letter', 'blank letters')} per office`,
  labelSummary: (sheet, onePer, labels, sheets) =>
    `${sheet}, one per ${onePer === 'office' ? 'office’s stack' : 'letter'}: ` +
    `${plural(labels, 'label', 'labels')} on ${plural(sheets, 'sheet', 'sheets')}`,
  noLabels: 'None',
  office: 'Office',
  letterCount: 'Letters',
  total: 'Total',
  howToPostHeading: 'How to post',
  postStacks: 'Put each office’s stack of letters in its own envelope or box, addressed to that office.',
  postEachLetter: 'Post each letter in its own envelope, with the label of the office it is addressed to.',
  signBeforePosting: 'Make sure every letter is signed by hand, above the printed name, before it is posted.',
  fillInAtEvent:
    'Each writer fills in their return address at the top right, signs on the first line below the closing ' +
    'and prints their name on the second.',
  internationalPostage,
  faxAlsoReported: (numbers) => `If it does not go through, also reported: ${numbers.join(', ')}.`,
  reportLaterHeading: 'Posted them later? Tell the campaign',
  reportLater: (entry, until) =>
    `Go to ${entry} and enter this code by ${until}, so your letters are counted. Each office counts once, and ` +
    `nothing about you is kept.`,
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
