import { z } from 'zod';
import type { Campaign } from '../campaigns/schema.ts';
import type { Office } from '../offices/schema.ts';
import { JOB_ID_SHAPE } from '../print-room/jobs.ts';
import { asText, idList } from './letter-form.schema.ts';

/** Letters in one print run: 2,000 signers to 5 offices. Past this, split the sheet. */
export const RUN_LETTERS_MAX = 10_000;
export const EVENT_PER_OFFICE_MAX = 500;
export const POSTED_PER_OFFICE_MAX = 100_000;
/** A sign-up sheet of 10,000 rows with addresses and a few words each fits well inside this. */
export const SHEET_BYTES_MAX = 8 * 1024 * 1024;

const count = (min: number, max: number, message: string) =>
  z.preprocess((value) => asText(value).trim(), z.string().regex(/^\d{1,7}$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message)));

/** What every print run asks: offices, paper, address labels, and the page's progress id. */
function choices(offered: Office[]) {
  return {
    offices: idList(offered.map((o) => o.id), 'office').refine((ids) => ids.length > 0, { message: 'Tick at least one office.' }),
    paperSize: z.preprocess(asText, z.enum(['letter', 'a4'], { error: 'Choose US Letter or A4.' })),
    addressLabels: z.preprocess(asText, z.enum(['stack', 'letter', 'none'], { error: 'Choose which address labels to print.' })),
    job: z.preprocess(asText, z.string().regex(JOB_ID_SHAPE).optional()).catch(undefined),
  };
}

export function sheetFormSchema(offered: Office[]) {
  return z.object({ ...choices(offered), rows: z.preprocess(asText, z.string()) });
}

export function eventFormSchema(campaign: Campaign, offered: Office[]) {
  const optional = campaign.letter.paragraphs.filter((p) => p.optional).map((p) => p.id);
  return z.object({
    ...choices(offered),
    perOffice: count(1, EVENT_PER_OFFICE_MAX, `Enter a number of letters from 1 to ${EVENT_PER_OFFICE_MAX}.`),
    paragraphs: idList(optional, 'paragraph'),
  });
}

/** "How many were posted": one number per office (empty means none), the paragraphs the letters had. */
export function postedFormSchema(campaign: Campaign, offered: Office[]) {
  const optional = campaign.letter.paragraphs.filter((p) => p.optional).map((p) => p.id);
  const perOffice = Object.fromEntries(
    offered.map((o) => [`posted-${o.id}`, z.preprocess((v) => asText(v).trim() || '0', count(0, POSTED_PER_OFFICE_MAX, `Enter a whole number from 0 to ${POSTED_PER_OFFICE_MAX}, or leave it empty.`))]),
  );
  return z
    .object({ ...perOffice, paragraphs: idList(optional, 'paragraph'), paperSize: z.preprocess(asText, z.enum(['letter', 'a4'])).catch(campaign.defaultPaperSize), token: z.preprocess(asText, z.string()) })
    .transform(({ paragraphs, paperSize, token, ...numbers }) => ({
      paragraphs,
      paperSize,
      token,
      posted: Object.fromEntries(offered.map((o) => [o.id, Number((numbers as Record<string, unknown>)[`posted-${o.id}`] ?? 0)])),
    }))
    .refine((form) => Object.values(form.posted).some((n) => n > 0), { message: 'Enter how many letters were posted to at least one office.', path: ['posted'] });
}

/** The first message for each field, for showing beside it. */
export function messagesByField(error: z.ZodError): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    messages[field] ??= issue.message;
  }
  return messages;
}
