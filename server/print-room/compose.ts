import { homeCountryOf, type Campaign } from '../content/campaign.ts';
import type { OrganizerLettersEvent } from '../counts/events.ts';
import { packHeader, paragraphTexts, writerOf } from '../letters/compose.ts';
import { toParagraphs } from '../letters/text.ts';
import type { Office } from '../content/office.ts';
import type { Translate } from '../i18n/messages.ts';
import type { BulkPack } from '../pdf/index.ts';
import type { PaperSize } from '../shared/paper.ts';
import { RUN_LETTERS_MAX } from './limits.ts';
import type { Signer } from './types.ts';

export type AddressLabels = BulkPack['addressLabels'];

/** What the organizer chose for a print run, already checked. */
export interface PrintChoices {
  offices: Office[];
  paperSize: PaperSize;
  addressLabels: AddressLabels;
}

/** A run form's choices with its office ids resolved to the offered offices, in the campaign's order. */
export function choicesOf(form: { offices: string[]; paperSize: PaperSize; addressLabels: AddressLabels }, offered: Office[]): PrintChoices {
  return { offices: offered.filter((o) => form.offices.includes(o.id)), paperSize: form.paperSize, addressLabels: form.addressLabels };
}

/** Why a sheet's run is too big for one PDF, in `t`'s language, or undefined when it fits. */
export function runTooBig(signers: readonly Signer[], choices: PrintChoices, t: Translate): string | undefined {
  const letters = signers.length * choices.offices.length;
  if (letters <= RUN_LETTERS_MAX) return undefined;
  return t('organize.print.errors.runTooBig', {
    letters,
    signers: t('organize.print.errors.signers', { count: signers.length }),
    offices: t('organize.print.errors.offices', { count: choices.offices.length }),
    max: RUN_LETTERS_MAX,
  });
}

/** Every signer's letter to every chosen office. */
export function sheetRun(campaign: Campaign, signers: Signer[], choices: PrintChoices, date = new Date()): BulkPack {
  return { ...packHeader(campaign, { ...choices, country: homeCountryOf(campaign) }, date), addressLabels: choices.addressLabels, mode: 'signers', signers: signers.map((s) => writerOf(campaign, s)) };
}

/** `perOffice` blank letters to each chosen office, to be signed by hand at an event. */
export function eventRun(campaign: Campaign, perOffice: number, paragraphIds: string[], choices: PrintChoices, date = new Date()): BulkPack {
  return {
    ...packHeader(campaign, { ...choices, country: homeCountryOf(campaign) }, date),
    addressLabels: choices.addressLabels,
    mode: 'event',
    signers: [],
    blankLetters: perOffice,
    eventParagraphs: paragraphTexts(campaign, paragraphIds, 'body'),
    eventClosingParagraphs: paragraphTexts(campaign, paragraphIds, 'closing'),
  };
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
