import { z } from 'zod';
import { homeCountryOf, optionalParagraphs, type Campaign } from '../content/campaign.ts';
import {
  addressProblems,
  choiceProblems,
  cleanText,
  nameProblems,
  ownWordsProblems,
  type AddressProblem,
  type OwnWordsProblem,
} from '../letters/rules.ts';
import type { Office } from '../content/office.ts';
import { asList, asText, type RawForm } from '../shared/form-input.ts';
import { PAPER_SIZES } from '../shared/paper.ts';
import { isCountryCode } from '../content/countries.ts';
import type { Translate } from '../i18n/messages.ts';

/**
 * The campaign form, as a supporter fills it in. Its fields are checked by the letter's rules (letters/rules.ts),
 * worded here for the supporter; the next-steps page checks the letter it carries back with this same schema.
 */
export type RawLetterForm = RawForm;

/** The fields of the form, in the order they appear on the page (for the error summary). */
export const FORM_FIELDS = ['country', 'officesIn', 'offices', 'region', 'letterLanguage', 'paragraphs', 'ownWords', 'name', 'address', 'paperSize'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

type TextField = 'name' | 'address' | 'ownWords';

/**
 * The schemas' messages are keys into the campaign messages (campaign.errors.…), with their values in the issue's
 * params: fieldErrors() words them in the page's language. A rule's problem code names its message.
 */
const issue = (key: string, params: Record<string, unknown> = {}) => ({ code: 'custom' as const, message: `campaign.errors.${key}`, params });

function textIssue(field: TextField, problem: AddressProblem | OwnWordsProblem) {
  const { code, ...values } = problem;
  const params = 'characters' in values ? { ...values, characters: values.characters.join(' ') } : values;
  return issue(`${field}.${code}`, params);
}

function text(field: TextField, problems: (value: string) => Array<AddressProblem | OwnWordsProblem>) {
  return z.preprocess(
    (value) => cleanText(asText(value)),
    z.string().superRefine((value, ctx) => {
      // One message per field: the first problem is the one to fix first.
      const [problem] = problems(value);
      if (problem) ctx.addIssue(textIssue(field, problem));
    }),
  );
}

export function idList(allowed: readonly string[], what: 'paragraph' | 'office', { atLeastOne = false } = {}) {
  return z.preprocess(
    asList,
    z.array(z.string()).superRefine((ids, ctx) => {
      const [problem] = choiceProblems(ids, allowed, { atLeastOne });
      if (problem) ctx.addIssue(issue(`${what}.${problem.code}`));
    }),
  );
}

/** `paperSize` as the forms send it: empty means the campaign's default. */
export const paperSizeField = (fallback: Campaign['defaultPaperSize'] | undefined) =>
  z.preprocess((value) => asText(value) || fallback, z.enum(PAPER_SIZES, { error: 'campaign.errors.paperSize' }));

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

export function letterFormSchema(campaign: Campaign, offeredOffices: Office[], regionCodes: string[], languages: readonly string[] = []) {
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
      country: countryField('campaign.errors.country', homeCountryOf(campaign)),
      /** Whose offices they write to, when not their own country's. */
      officesIn: countryField('campaign.errors.officesIn'),
      region: z.preprocess(
        (value) => asText(value).trim(),
        z.string().refine((code) => code === '' || regionCodes.includes(code), { message: 'campaign.errors.region' }),
      ),
      paperSize: paperSizeField(campaign.defaultPaperSize),
      /** The letter's language: one the campaign has (empty: the page decides). */
      letterLanguage: z.preprocess(
        (value) => asText(value).trim(),
        z.string().refine((id) => id === '' || languages.includes(id), { message: 'campaign.errors.letterLanguage' }),
      ),
      /** "Add a Chinese translation": the translation's language, when ticked and offered. */
      addTranslation: z.preprocess((value) => asText(value).trim(), z.string()),
    });
}

/**
 * Which button sent the form: "Make my letters" (also Enter in a field), "Tick my state's office", "Show the offices
 * for my country", or "Download the letter with the address left blank".
 */
const FORM_ACTIONS = ['make', 'pick-region', 'pick-country', 'pick-language', 'switch-language', 'blank'] as const;
export const formActionSchema = z.preprocess(
  (value) => ((FORM_ACTIONS as readonly unknown[]).includes(value) ? value : 'make'),
  z.enum(FORM_ACTIONS),
);

/** "Tick my state's office" looks only at the region: the rest of the form may still be half filled in. */
export function regionPickSchema(regionCodes: string[]) {
  return z.object({
    region: z.preprocess(
      (value) => asText(value).trim(),
      z.string().refine((code) => regionCodes.includes(code), { message: 'campaign.errors.regionPick' }),
    ),
  });
}

/** "Show the offices for my country" looks only at the countries. */
export const countryPickSchema = z.object({
  country: countryField('campaign.errors.country', ''),
  officesIn: countryField('campaign.errors.officesIn'),
});

export type LetterForm = z.infer<ReturnType<typeof letterFormSchema>>;

/** The form without offices: a letter whose inside address is left blank, for a country with no checked office. */
export const blankLetterSchema = (...args: Parameters<typeof letterFormSchema>) => letterFormSchema(...args).omit({ offices: true });

/** The first message for each field, in the page's language, for showing beside it. */
export function fieldErrors(error: z.ZodError, t: Translate): Partial<Record<FormField, string>> {
  const errors: Partial<Record<FormField, string>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '') as FormField;
    const params = issue.code === 'custom' ? (issue.params as Record<string, unknown> | undefined) : undefined;
    if (FORM_FIELDS.includes(field) && !errors[field]) errors[field] = t(issue.message, params);
  }
  return errors;
}
