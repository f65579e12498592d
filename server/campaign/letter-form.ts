import { z } from 'zod';
import { homeCountryOf, optionalParagraphs, type Campaign } from '../content/campaign.ts';
import {
  addressProblems,
  choiceProblems,
  cleanText,
  nameProblems,
  ownWordsProblems,
  type AddressProblem,
  type ChoiceProblem,
  type OwnWordsProblem,
} from '../letters/rules.ts';
import type { Office } from '../content/office.ts';
import { asList, asText, type RawForm } from '../shared/form-input.ts';
import { PAPER_SIZES } from '../shared/paper.ts';
import { isCountryCode } from '../content/countries.ts';

/**
 * The campaign form, as a supporter fills it in. Its fields are checked by the letter's rules (letters/rules.ts),
 * worded here for the supporter; the next-steps page checks the letter it carries back with this same schema.
 */
export type RawLetterForm = RawForm;

/** The fields of the form, in the order they appear on the page (for the error summary). */
export const FORM_FIELDS = ['country', 'officesIn', 'offices', 'region', 'paragraphs', 'ownWords', 'name', 'address', 'paperSize'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

type TextField = 'name' | 'address' | 'ownWords';
const LABELS: Record<TextField, string> = { name: 'Your name', address: 'Your address', ownWords: 'Your own words' };

/** A letter rule's problem, in the supporter's words, for the field it is shown beside. */
function textMessage(field: TextField, problem: AddressProblem | OwnWordsProblem): string {
  const label = LABELS[field];
  switch (problem.code) {
    case 'missing':
      return 'Enter your name: it is printed under your signature.';
    case 'control-characters':
      return `${label} contains invisible control characters. Please retype it.`;
    case 'line-break':
      return `${label} must fit on one line. Please remove the line break.`;
    case 'too-long':
      return `${label} can be at most ${problem.max} characters long.`;
    case 'unprintable':
      return `${label} has characters our letter fonts cannot print (${problem.characters.join(' ')}). Please leave them out or write them another way.`;
    case 'too-many-lines':
      return `Your address can have at most ${problem.max} lines.`;
    case 'line-too-long':
      return `Each line of your address can be at most ${problem.max} characters long.`;
    case 'no-room':
      return "This campaign's letters have no room for your own words. Please leave the box empty.";
  }
}

function choiceMessage(what: 'paragraph' | 'office', problem: ChoiceProblem): string {
  switch (problem.code) {
    case 'unknown':
      return `One of the chosen ${what}s is not part of this campaign. Please choose again from the list.`;
    case 'repeated':
      return `Choose each ${what} at most once.`;
    case 'none-chosen':
      return what === 'office' ? 'Tick at least one office: you get one letter for each office you tick.' : `Choose at least one ${what}.`;
  }
}

function text(field: TextField, problems: (value: string) => Array<AddressProblem | OwnWordsProblem>) {
  return z.preprocess(
    (value) => cleanText(asText(value)),
    z.string().superRefine((value, ctx) => {
      // One message per field: the first problem is the one to fix first.
      const [problem] = problems(value);
      if (problem) ctx.addIssue({ code: 'custom', message: textMessage(field, problem) });
    }),
  );
}

export function idList(allowed: readonly string[], what: 'paragraph' | 'office', { atLeastOne = false } = {}) {
  return z.preprocess(
    asList,
    z.array(z.string()).superRefine((ids, ctx) => {
      const [problem] = choiceProblems(ids, allowed, { atLeastOne });
      if (problem) ctx.addIssue({ code: 'custom', message: choiceMessage(what, problem) });
    }),
  );
}

/** `paperSize` as the forms send it: empty means the campaign's default. */
export const paperSizeField = (fallback: Campaign['defaultPaperSize'] | undefined) =>
  z.preprocess((value) => asText(value) || fallback, z.enum(PAPER_SIZES, { error: 'Choose US Letter or A4.' }));

/**
 * The rules of the letter form for one campaign. The letters go to the offices ticked — exactly those, at least one —
 * limited to the open ones the campaign offers; paragraphs to its optional ones; every text field is held to the
 * letter's rules.
 */
/** A country field: an ISO 3166-1 code; empty is `fallback` (undefined: may stay empty). */
const countryField = (message: string, fallback?: string) =>
  z.preprocess(
    (value) => asText(value).trim().toUpperCase() || fallback || '',
    z.string().refine((code) => (fallback === undefined && code === '') || isCountryCode(code), { message }),
  );

export function letterFormSchema(campaign: Campaign, offeredOffices: Office[], regionCodes: string[]) {
  const optionalIds = optionalParagraphs(campaign).map((p) => p.id);
  const ownWordsMax = campaign.letter.ownWordsMaxLength;
  return z
    .object({
      name: text('name', nameProblems),
      address: text('address', addressProblems),
      ownWords: text('ownWords', (value) => ownWordsProblems(value, ownWordsMax)),
      paragraphs: idList(optionalIds, 'paragraph'),
      offices: idList(
        offeredOffices.map((o) => o.id),
        'office',
        { atLeastOne: true },
      ),
      /** Where the supporter lives: their paper, their date, their postage. Never stored. */
      country: countryField('Choose the country you live in from the list.', homeCountryOf(campaign)),
      /** Whose offices they write to, when not their own country's. */
      officesIn: countryField('Choose a country from the list.'),
      region: z.preprocess(
        (value) => asText(value).trim(),
        z.string().refine((code) => code === '' || regionCodes.includes(code), { message: 'Choose a state or province from the list.' }),
      ),
      paperSize: paperSizeField(campaign.defaultPaperSize),
    });
}

/**
 * Which button sent the form: "Make my letters" (also Enter in a field), "Tick my state's office", "Show the offices
 * for my country", or "Download the letter with the address left blank".
 */
const FORM_ACTIONS = ['make', 'pick-region', 'pick-country', 'blank'] as const;
export const formActionSchema = z.preprocess(
  (value) => ((FORM_ACTIONS as readonly unknown[]).includes(value) ? value : 'make'),
  z.enum(FORM_ACTIONS),
);

/** "Tick my state's office" looks only at the region: the rest of the form may still be half filled in. */
export function regionPickSchema(regionCodes: string[]) {
  return z.object({
    region: z.preprocess(
      (value) => asText(value).trim(),
      z.string().refine((code) => regionCodes.includes(code), { message: 'Choose your state or province to find its office.' }),
    ),
  });
}

/** "Show the offices for my country" looks only at the countries. */
export const countryPickSchema = z.object({
  country: countryField('Choose the country you live in from the list.', ''),
  officesIn: countryField('Choose a country from the list.'),
});

export type LetterForm = z.infer<ReturnType<typeof letterFormSchema>>;

/** The form without offices: a letter whose inside address is left blank, for a country with no checked office. */
export const blankLetterSchema = (...args: Parameters<typeof letterFormSchema>) => letterFormSchema(...args).omit({ offices: true });

/** The first message for each field, for showing beside it. */
export function fieldErrors(error: z.ZodError): Partial<Record<FormField, string>> {
  const errors: Partial<Record<FormField, string>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '') as FormField;
    if (FORM_FIELDS.includes(field) && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}
