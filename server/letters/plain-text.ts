import type { LetterPack } from '../pdf/index.ts';
import { toLines } from './text.ts';

/**
 * The letter as plain text, for an email body: salutation, paragraphs, closing, the supporter's name and return
 * address. No inside address: an email goes to one office already.
 */
export function letterAsPlainText(pack: Pick<LetterPack, 'letter' | 'sender'>): string {
  const { letter, sender } = pack;
  const signature = [sender.name, ...sender.addressLines.flatMap(toLines)].filter((line) => line.length > 0);
  return [letter.salutation, ...letter.paragraphs, ...letter.ownWords, ...(letter.closingParagraphs ?? []), [letter.closing, '', ...signature].join('\n')]
    .map((block) => block.trim())
    .join('\n\n');
}
