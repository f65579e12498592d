import type { Campaign } from '../content/campaign.ts';
import type { Office } from '../content/office.ts';
import type { BulkPack, BulkSigner, LetterPack } from '../pdf/index.ts';
import type { PaperSize } from '../shared/paper.ts';
import { toLines, toParagraphs } from './text.ts';

/** What one writer puts in their letter, already checked by the letter's rules. */
export interface LetterText {
  name: string;
  /** Return address, one line per address line ('\n'-separated); may be empty. */
  address: string;
  /** The writer's own words (paragraphs separated by blank lines); may be empty. */
  ownWords: string;
  /** Ids of the campaign's optional paragraphs to include. */
  paragraphIds: string[];
}

/** What a supporter chose on the form, already validated: their letter, the offices, the paper and where they live. */
export interface LetterChoices extends LetterText {
  offices: Office[];
  paperSize: PaperSize;
  /** Where the letters are posted from (ISO 3166-1): the date's form, and a country line for offices abroad. */
  country: string;
}

/**
 * The letter's language as the supporter's country writes it: the campaign's language with that country as its
 * region ("en-US" written from the UK is "en-GB": "1 December 2026"), when the runtime knows that combination.
 */
export function letterLocale(language: string, country: string | undefined): string {
  if (!country) return language;
  try {
    const { language: base, script } = new Intl.Locale(language);
    return new Intl.Locale(base, { region: country, ...(script && { script }) }).toString();
  } catch {
    return language;
  }
}

/**
 * The campaign's paragraph texts for a letter: the required ones and the chosen optional ones, in the letter's order;
 * all of them, or only the body (before the writer's own words) or the closing ones (after).
 */
export function paragraphTexts(campaign: Campaign, optionalIds: readonly string[], part: 'all' | 'body' | 'closing' = 'all'): string[] {
  const chosen = new Set(optionalIds);
  return campaign.letter.paragraphs
    .filter((p) => part === 'all' || p.closing === (part === 'closing'))
    .filter((p) => !p.optional || chosen.has(p.id))
    .map((p) => p.text);
}

/** What every pack of a campaign's letters starts with: the document, the paper, the offices and the letter's frame. */
export function packHeader(campaign: Campaign, { offices, paperSize, country }: { offices: Office[]; paperSize: PaperSize; country?: string }, date: Date) {
  const { addressee, careOf, salutation, closing } = campaign.letter;
  return {
    title: campaign.title,
    language: letterLocale(campaign.language, country),
    date,
    paperSize,
    ...(country && { fromCountry: country }),
    letter: { addressee, careOf, salutation, closing },
    offices,
  } satisfies Omit<BulkPack, 'mode' | 'signers' | 'addressLabels'>;
}

/**
 * The office of a letter whose inside address is left blank, to be written in by hand: for a country the address
 * book has no checked office for. It has no address lines; the PDF then draws lines to write on.
 */
export function unaddressedOffice(country: string): Office {
  return {
    id: 'unaddressed',
    name: 'Embassy of the People’s Republic of China',
    city: '',
    kind: 'embassy',
    country,
    addressLines: [],
    regions: [],
    confidence: { address: 'low' },
    status: { state: 'unverified', missing: 'the whole address: written in by hand' },
    source: 'none',
    lastChecked: '1970-01-01',
  };
}

/** One writer's part of a letter: their name and address, and the paragraphs their letter says. */
export function writerOf(campaign: Campaign, text: LetterText): BulkSigner {
  return {
    name: text.name,
    addressLines: toLines(text.address),
    paragraphs: paragraphTexts(campaign, text.paragraphIds, 'body'),
    ownWords: toParagraphs(text.ownWords),
    closingParagraphs: paragraphTexts(campaign, text.paragraphIds, 'closing'),
  };
}

/**
 * Builds the letter pack: the campaign's paragraphs in the letter's order, the ticked optional ones only. `campaign`
 * is in the letter's language; `translation`, the campaign in another, adds the same letter in it after each one.
 */
export function composeLetterPack(campaign: Campaign, choices: LetterChoices, date: Date, translation?: Campaign): LetterPack {
  const header = packHeader(campaign, choices, date);
  const writer = writerOf(campaign, choices);
  return {
    ...header,
    subject: campaign.letter.subject,
    sender: { name: writer.name, addressLines: writer.addressLines },
    letter: { ...header.letter, paragraphs: writer.paragraphs, ownWords: writer.ownWords, closingParagraphs: writer.closingParagraphs },
    ...(translation && {
      translation: {
        language: translation.language,
        letter: {
          addressee: translation.letter.addressee,
          careOf: translation.letter.careOf,
          salutation: translation.letter.salutation,
          closing: translation.letter.closing,
          paragraphs: paragraphTexts(translation, choices.paragraphIds, 'body'),
          closingParagraphs: paragraphTexts(translation, choices.paragraphIds, 'closing'),
        },
      },
    }),
  };
}
