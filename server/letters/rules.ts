/**
 * The letter's rules: what a name, an address, a writer's own words and a choice of paragraphs and offices may be.
 * Every way a letter reaches us — the campaign form, the next-steps page posting it back, an organizer's sign-up
 * sheet — is checked by these functions and no others. They return problem codes, never sentences: each reader is
 * told in its own words (campaign/letter-form.ts for supporters, print-room/signers.ts for organizers).
 *
 * Text is checked after cleanText(): what the writer typed, normalised and trimmed, as it will be printed.
 */
import { unsupportedCharacters } from '../pdf/index.ts';
import { hasControlCharacters, normalizeText, toLines } from './text.ts';

/** Printed under the signature, on one line. */
export const NAME_MAX = 100;
export const ADDRESS_LINE_MAX = 80;
export const ADDRESS_LINES_MAX = 6;

/** How many unprintable characters a message names: enough to find them, not a wall of symbols. */
const UNPRINTABLE_SHOWN = 5;

export type TextProblem =
  | { code: 'missing' }
  | { code: 'control-characters' }
  /** A line break in a one-line field. */
  | { code: 'line-break' }
  | { code: 'too-long'; length: number; max: number }
  /** Characters none of the letter fonts has: they would print as a blank mark in a signed letter. */
  | { code: 'unprintable'; characters: string[] };

export type AddressProblem =
  | TextProblem
  | { code: 'too-many-lines'; lines: number; max: number }
  /** `line` counts from 1. */
  | { code: 'line-too-long'; line: number; length: number; max: number };

/** The campaign's letters have no room for the writer's own words (its limit is 0). */
export type OwnWordsProblem = TextProblem | { code: 'no-room' };

export type ChoiceProblem =
  /** An id the campaign does not offer (a required paragraph is not a choice either). */
  | { code: 'unknown'; id: string }
  | { code: 'repeated'; id: string }
  | { code: 'none-chosen' };

/** What a writer typed, as it is checked and printed: Unicode-normalised, bidirectional overrides removed, trimmed. */
export const cleanText = (value: string) => normalizeText(value).trim();

const unprintable = (value: string): TextProblem[] => {
  const characters = unsupportedCharacters(value);
  return characters.length > 0 ? [{ code: 'unprintable', characters: characters.slice(0, UNPRINTABLE_SHOWN) }] : [];
};
const tooLong = (value: string, max: number): TextProblem[] => (value.length > max ? [{ code: 'too-long', length: value.length, max }] : []);

/** The signer's name: required, one line. */
export function nameProblems(name: string): TextProblem[] {
  if (name === '') return [{ code: 'missing' }];
  return [
    ...(name.includes('\n') ? [{ code: 'line-break' } as const] : []),
    ...(hasControlCharacters(name.replaceAll('\n', ' '), { multiline: false }) ? [{ code: 'control-characters' } as const] : []),
    ...tooLong(name, NAME_MAX),
    ...unprintable(name),
  ];
}

/** The return address, its lines separated by '\n' (empty lines do not count); may be empty. */
export function addressProblems(address: string): AddressProblem[] {
  const lines = toLines(address);
  return [
    ...(hasControlCharacters(address, { multiline: true }) ? [{ code: 'control-characters' } as const] : []),
    ...(lines.length > ADDRESS_LINES_MAX ? [{ code: 'too-many-lines', lines: lines.length, max: ADDRESS_LINES_MAX } as const] : []),
    ...lines.flatMap((line, index) =>
      line.length > ADDRESS_LINE_MAX ? [{ code: 'line-too-long', line: index + 1, length: line.length, max: ADDRESS_LINE_MAX } as const] : [],
    ),
    ...unprintable(address),
  ];
}

/** The writer's own words, paragraphs separated by blank lines; may be empty. */
export function ownWordsProblems(ownWords: string, max: number): OwnWordsProblem[] {
  if (max === 0 && ownWords !== '') return [{ code: 'no-room' }];
  return [...(hasControlCharacters(ownWords, { multiline: true }) ? [{ code: 'control-characters' } as const] : []), ...tooLong(ownWords, max), ...unprintable(ownWords)];
}

/** A choice of ids (optional paragraphs, offices) from those offered: each known, each once. */
export function choiceProblems(ids: readonly string[], offered: readonly string[], { atLeastOne = false } = {}): ChoiceProblem[] {
  const known = new Set(offered);
  const seen = new Set<string>();
  const problems: ChoiceProblem[] = [];
  for (const id of ids) {
    if (!known.has(id)) problems.push({ code: 'unknown', id });
    else if (seen.has(id)) problems.push({ code: 'repeated', id });
    seen.add(id);
  }
  if (atLeastOne && ids.length === 0) problems.push({ code: 'none-chosen' });
  return problems;
}
