import { z } from 'zod';
import type { Campaign } from '../campaigns/schema.ts';
import type { Office } from '../offices/schema.ts';
import { hasControlCharacters, normalizeText, toLines } from '../letters/text.ts';
import { unsupportedCharacters } from '../pdf/index.ts';

export const NAME_MAX = 100;
export const ADDRESS_LINE_MAX = 80;
export const ADDRESS_LINES_MAX = 6;

/** The form as the browser sent it: every field a string or, for repeated checkboxes, a list of strings. */
export type RawLetterForm = Record<string, string | string[] | undefined>;

/** The fields of the form, in the order they appear on the page (for the error summary). */
export const FORM_FIELDS = ['offices', 'state', 'paragraphs', 'ownWords', 'name', 'address', 'paperSize'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** A form field as a list: a repeated checkbox arrives as an array, a single one as a string. */
export const asList = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
/** A form field as text, whatever shape it arrived in. */
export const asText = (value: unknown): string =>
  Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '';

function text({ label, max, multiline, required }: { label: string; max: number; multiline: boolean; required?: string }) {
  return z.preprocess(
    (value) => normalizeText(asText(value)),
    z
      .string()
      .refine((value) => !hasControlCharacters(value, { multiline }), {
        message: `${label} contains invisible control characters. Please retype it.`,
      })
      .transform((value) => value.trim())
      .refine((value) => !required || value.length > 0, { message: required ?? '' })
      .refine((value) => value.length <= max, {
        message: `${label} can be at most ${max} characters long.`,
      })
      // Better to say so now than to print a replacement mark in the supporter's signed letter.
      .superRefine((value, ctx) => {
        const missing = unsupportedCharacters(value);
        if (missing.length > 0) {
          ctx.addIssue({
            code: 'custom',
            message: `${label} has characters our letter fonts cannot print (${missing.slice(0, 5).join(' ')}). Please leave them out or write them another way.`,
          });
        }
      }),
  );
}

export function idList(allowed: string[], what: string) {
  const known = new Set(allowed);
  return z.preprocess(
    asList,
    z
      .array(z.string())
      .max(allowed.length, `Choose each ${what} at most once.`)
      .refine((ids) => new Set(ids).size === ids.length, { message: `Choose each ${what} at most once.` })
      .refine((ids) => ids.every((id) => known.has(id)), {
        message: `One of the chosen ${what}s is not part of this campaign. Please choose again from the list.`,
      }),
  );
}

/**
 * The rules of the letter form for one campaign. Offices are limited to the open ones the campaign offers,
 * paragraphs to its optional ones; every text field has a length limit and no control characters.
 */
export function letterFormSchema(campaign: Campaign, offeredOffices: Office[], stateCodes: string[]) {
  const optionalIds = campaign.letter.paragraphs.filter((p) => p.optional).map((p) => p.id);
  const ownWordsMax = campaign.letter.ownWordsMaxLength;
  return z
    .object({
      name: text({ label: 'Your name', max: NAME_MAX, multiline: false, required: 'Enter your name: it is printed under your signature.' }),
      address: text({ label: 'Your address', max: ADDRESS_LINES_MAX * (ADDRESS_LINE_MAX + 1), multiline: true })
        .refine((value) => toLines(value).length <= ADDRESS_LINES_MAX, {
          message: `Your address can have at most ${ADDRESS_LINES_MAX} lines.`,
        })
        .refine((value) => toLines(value).every((line) => line.length <= ADDRESS_LINE_MAX), {
          message: `Each line of your address can be at most ${ADDRESS_LINE_MAX} characters long.`,
        }),
      ownWords: text({ label: 'Your own words', max: ownWordsMax, multiline: true }),
      paragraphs: idList(optionalIds, 'paragraph'),
      offices: idList(
        offeredOffices.map((o) => o.id),
        'office',
      ),
      // 'all' writes to every open office; 'chosen' to the ticked ones only. A radio, so it works without JavaScript.
      recipients: z.preprocess((value) => asText(value) || 'all', z.enum(['all', 'chosen'])).catch('all'),
      state: z.preprocess(
        (value) => asText(value).trim(),
        z.string().refine((code) => code === '' || stateCodes.includes(code), { message: 'Choose a state from the list.' }),
      ),
      paperSize: z.preprocess(
        (value) => asText(value) || campaign.defaultPaperSize,
        z.enum(['letter', 'a4'], { error: 'Choose US Letter or A4.' }),
      ),
    })
    .superRefine((form, ctx) => {
      if (form.recipients === 'chosen' && form.offices.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['offices'], message: 'Tick at least one office, or choose “All open offices”.' });
      }
    });
}

/** Which button sent the form: "Make my letters" (also Enter in a field) or "Tick my state's office". */
export const formActionSchema = z.preprocess((value) => (value === 'pick-state' ? value : 'make'), z.enum(['make', 'pick-state']));

/** "Tick my state's office" looks only at the state: the rest of the form may still be half filled in. */
export function statePickSchema(stateCodes: string[]) {
  return z.object({
    state: z.preprocess(
      (value) => asText(value).trim(),
      z.string().refine((code) => stateCodes.includes(code), { message: 'Choose your state to find its office.' }),
    ),
  });
}

export type LetterForm = z.infer<ReturnType<typeof letterFormSchema>>;

/** The first message for each field, for showing beside it. */
export function fieldErrors(error: z.ZodError): Partial<Record<FormField, string>> {
  const errors: Partial<Record<FormField, string>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '') as FormField;
    if (FORM_FIELDS.includes(field) && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}
