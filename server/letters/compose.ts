import type { Campaign, PaperSize } from '../campaigns/schema.ts';
import type { Office } from '../offices/schema.ts';
import type { LetterPack } from '../pdf/index.ts';
import { toLines, toParagraphs } from './text.ts';

/** What a supporter chose on the form, already validated. */
export interface LetterChoices {
  name: string;
  address: string;
  ownWords: string;
  paragraphIds: string[];
  offices: Office[];
  paperSize: PaperSize;
}

/** Builds the letter pack: the campaign's paragraphs in the letter's order, the ticked optional ones only. */
export function composeLetterPack(campaign: Campaign, choices: LetterChoices, date: Date): LetterPack {
  const ticked = new Set(choices.paragraphIds);
  const { letter } = campaign;
  return {
    title: campaign.title,
    language: campaign.language,
    date,
    paperSize: choices.paperSize,
    sender: { name: choices.name, addressLines: toLines(choices.address) },
    letter: {
      addressee: letter.addressee,
      careOf: letter.careOf,
      salutation: letter.salutation,
      paragraphs: letter.paragraphs.filter((p) => !p.optional || ticked.has(p.id)).map((p) => p.text),
      ownWords: toParagraphs(choices.ownWords),
      closing: letter.closing,
    },
    offices: choices.offices,
  };
}
