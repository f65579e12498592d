import type { Campaign, PaperSize } from '../campaigns/schema.ts';
import type { OrganizerLettersEvent } from '../counts/events.ts';
import { toLines, toParagraphs } from '../letters/text.ts';
import type { Office } from '../offices/schema.ts';
import type { BulkPack } from '../pdf/index.ts';
import type { Signer } from './types.ts';

export type AddressLabels = BulkPack['addressLabels'];

/** What the organizer chose for a print run, already checked. */
export interface PrintChoices {
  offices: Office[];
  paperSize: PaperSize;
  addressLabels: AddressLabels;
}

/** The campaign's paragraph texts for a letter: the required ones and the chosen optional ones, in the letter's order. */
export function paragraphTexts(campaign: Campaign, optionalIds: readonly string[]): string[] {
  const chosen = new Set(optionalIds);
  return campaign.letter.paragraphs.filter((p) => !p.optional || chosen.has(p.id)).map((p) => p.text);
}

function runOf(campaign: Campaign, choices: PrintChoices, date: Date): Omit<BulkPack, 'mode' | 'signers'> {
  const { addressee, careOf, salutation, closing } = campaign.letter;
  return {
    title: campaign.title,
    language: campaign.language,
    date,
    paperSize: choices.paperSize,
    letter: { addressee, careOf, salutation, closing },
    offices: choices.offices,
    addressLabels: choices.addressLabels,
  };
}

/** Every signer's letter to every chosen office. */
export function sheetRun(campaign: Campaign, signers: Signer[], choices: PrintChoices, date = new Date()): BulkPack {
  return {
    ...runOf(campaign, choices, date),
    mode: 'signers',
    signers: signers.map((s) => ({
      name: s.name,
      addressLines: toLines(s.address),
      paragraphs: paragraphTexts(campaign, s.paragraphIds),
      ownWords: toParagraphs(s.ownWords),
    })),
  };
}

/** `perOffice` blank letters to each chosen office, to be signed by hand at an event. */
export function eventRun(campaign: Campaign, perOffice: number, paragraphIds: string[], choices: PrintChoices, date = new Date()): BulkPack {
  return { ...runOf(campaign, choices, date), mode: 'event', signers: [], blankLetters: perOffice, eventParagraphs: paragraphTexts(campaign, paragraphIds) };
}

/** What a printed sign-up sheet adds to the counts: its signers are letter sets like any supporter's. */
export function sheetCounts(campaign: Campaign, signers: Signer[], choices: PrintChoices, lettersPerOffice: Record<string, number>): OrganizerLettersEvent {
  const paragraphs: Record<string, number> = {};
  for (const signer of signers) for (const id of new Set(signer.paragraphIds)) paragraphs[id] = (paragraphs[id] ?? 0) + 1;
  return {
    type: 'organizer-letters',
    campaign: campaign.slug,
    source: 'sheet',
    lettersPerOffice,
    packs: signers.length,
    paragraphs,
    ownWords: signers.filter((s) => toParagraphs(s.ownWords).length > 0).length,
    paperSize: choices.paperSize,
  };
}

/**
 * Event letters an organizer saw posted. Each person at the event wrote one set, so the sets are the largest number
 * posted to any one office; every set had the paragraphs printed on the blank letters.
 */
export function postedCounts(campaign: Campaign, postedPerOffice: Record<string, number>, paragraphIds: string[], paperSize: PaperSize): OrganizerLettersEvent {
  const packs = Math.max(0, ...Object.values(postedPerOffice));
  return {
    type: 'organizer-letters',
    campaign: campaign.slug,
    source: 'event',
    lettersPerOffice: postedPerOffice,
    packs,
    paragraphs: Object.fromEntries(paragraphIds.map((id) => [id, packs])),
    ownWords: 0,
    paperSize,
  };
}
