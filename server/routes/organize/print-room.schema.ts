import { z } from 'zod';
import { optionalParagraphs, type Campaign } from '../../content/campaign.ts';
import { idList, paperSizeField } from '../../campaign/letter-form.ts';
import type { Office } from '../../content/office.ts';
import { JOB_ID_SHAPE } from '../../print-room/jobs.ts';
import { EVENT_PER_OFFICE_MAX, POSTED_PER_OFFICE_MAX } from '../../print-room/limits.ts';
import { postedFieldName } from '../../print-room/page.ts';
import { asText } from '../../shared/form-input.ts';

const count = (min: number, max: number, message: string) =>
  z.preprocess((value) => asText(value).trim(), z.string().regex(/^\d{1,7}$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message)));

const optionalParagraphIds = (campaign: Campaign) => optionalParagraphs(campaign).map((p) => p.id);

/** What every print run asks: offices, paper, address labels, and the page's progress id. */
function choices(offered: Office[]) {
  return {
    offices: idList(
      offered.map((o) => o.id),
      'office',
    ).refine((ids) => ids.length > 0, { message: 'Tick at least one office.' }),
    paperSize: paperSizeField(undefined),
    addressLabels: z.preprocess(asText, z.enum(['stack', 'letter', 'none'], { error: 'Choose which address labels to print.' })),
    job: z.preprocess(asText, z.string().regex(JOB_ID_SHAPE).optional()).catch(undefined),
  };
}

export function sheetFormSchema(offered: Office[]) {
  return z.object({
    ...choices(offered),
    rows: z.preprocess(asText, z.string()),
    /** A test print (to check the layout, or a reprint) is not counted. */
    testPrint: z.preprocess((value) => asText(value) === 'yes', z.boolean()),
  });
}

export function eventFormSchema(campaign: Campaign, offered: Office[]) {
  return z.object({
    ...choices(offered),
    perOffice: count(1, EVENT_PER_OFFICE_MAX, `Enter a number of letters from 1 to ${EVENT_PER_OFFICE_MAX}.`),
    paragraphs: idList(optionalParagraphIds(campaign), 'paragraph'),
  });
}

/** "How many were posted": one number per office (empty means none), the paragraphs the letters had. */
export function postedFormSchema(campaign: Campaign, offered: Office[]) {
  const perOffice = Object.fromEntries(
    offered.map((o) => [
      postedFieldName(o),
      z.preprocess((v) => asText(v).trim() || '0', count(0, POSTED_PER_OFFICE_MAX, `Enter a whole number from 0 to ${POSTED_PER_OFFICE_MAX}, or leave it empty.`)),
    ]),
  );
  return z
    .object({
      ...perOffice,
      paragraphs: idList(optionalParagraphIds(campaign), 'paragraph'),
      paperSize: paperSizeField(campaign.defaultPaperSize).catch(campaign.defaultPaperSize),
      token: z.preprocess(asText, z.string()),
    })
    .transform(({ paragraphs, paperSize, token, ...numbers }) => ({
      paragraphs,
      paperSize,
      token,
      posted: Object.fromEntries(offered.map((o) => [o.id, Number((numbers as Record<string, unknown>)[postedFieldName(o)] ?? 0)])),
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
