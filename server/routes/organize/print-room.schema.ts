import { z } from 'zod';
import { optionalParagraphs, type Campaign } from '../../content/campaign.ts';
import type { Office } from '../../content/office.ts';
import type { Translate } from '../../i18n/messages.ts';
import { choiceProblems } from '../../letters/rules.ts';
import { JOB_ID_SHAPE } from '../../print-room/jobs.ts';
import { EVENT_PER_OFFICE_MAX, POSTED_PER_OFFICE_MAX } from '../../print-room/limits.ts';
import { postedFieldName } from '../../print-room/page.ts';
import { asList, asText } from '../../shared/form-input.ts';
import { PAPER_SIZES, type PaperSize } from '../../shared/paper.ts';

/**
 * The print room's forms. Their messages are the organizer's, in the page's language (`t`): the same checks as the
 * campaign form's (letters/rules.ts), worded for whoever runs the print room.
 */
const count = (min: number, max: number, message: string) =>
  z.preprocess((value) => asText(value).trim(), z.string().regex(/^\d{1,7}$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message)));

const optionalParagraphIds = (campaign: Campaign) => optionalParagraphs(campaign).map((p) => p.id);

const CHOICE_MESSAGES = {
  office: { unknown: 'organize.print.errors.unknownOffice', repeated: 'organize.print.errors.repeatedOffice', 'none-chosen': 'organize.print.errors.noOffice' },
  paragraph: { unknown: 'organize.print.errors.unknownParagraph', repeated: 'organize.print.errors.repeatedParagraph', 'none-chosen': 'organize.print.errors.noParagraph' },
} as const;

/** Ticked ids, each one of `allowed` and each once. */
function choiceList(allowed: readonly string[], what: 'office' | 'paragraph', t: Translate) {
  return z.preprocess(
    asList,
    z.array(z.string()).superRefine((ids, ctx) => {
      const [problem] = choiceProblems(ids, allowed);
      if (problem) ctx.addIssue({ code: 'custom', message: t(CHOICE_MESSAGES[what][problem.code]) });
    }),
  );
}

/** `paperSize` as the forms send it: empty means `fallback`. */
const paperSizeField = (fallback: PaperSize | undefined, t: Translate) =>
  z.preprocess((value) => asText(value) || fallback, z.enum(PAPER_SIZES, { error: t('organize.print.errors.paperSize') }));

/** What every print run asks: offices, paper, address labels, and the page's progress id. */
function choices(offered: Office[], t: Translate) {
  return {
    offices: choiceList(
      offered.map((o) => o.id),
      'office',
      t,
    ).refine((ids) => ids.length > 0, { message: t('organize.print.errors.noOffice') }),
    paperSize: paperSizeField(undefined, t),
    addressLabels: z.preprocess(asText, z.enum(['stack', 'letter', 'none'], { error: t('organize.print.errors.addressLabels') })),
    job: z.preprocess(asText, z.string().regex(JOB_ID_SHAPE).optional()).catch(undefined),
  };
}

export function sheetFormSchema(offered: Office[], t: Translate) {
  return z.object({
    ...choices(offered, t),
    rows: z.preprocess(asText, z.string()),
    /** A test print (to check the layout, or a reprint) is not counted. */
    testPrint: z.preprocess((value) => asText(value) === 'yes', z.boolean()),
  });
}

export function eventFormSchema(campaign: Campaign, offered: Office[], t: Translate) {
  return z.object({
    ...choices(offered, t),
    perOffice: count(1, EVENT_PER_OFFICE_MAX, t('organize.print.errors.perOffice', { min: 1, max: EVENT_PER_OFFICE_MAX })),
    paragraphs: choiceList(optionalParagraphIds(campaign), 'paragraph', t),
  });
}

/** "How many were posted": one number per office (empty means none), the paragraphs the letters had. */
export function postedFormSchema(campaign: Campaign, offered: Office[], t: Translate) {
  const notANumber = t('organize.print.errors.postedNumber', { min: 0, max: POSTED_PER_OFFICE_MAX });
  const perOffice = Object.fromEntries(
    offered.map((o) => [postedFieldName(o), z.preprocess((v) => asText(v).trim() || '0', count(0, POSTED_PER_OFFICE_MAX, notANumber))]),
  );
  return z
    .object({
      ...perOffice,
      paragraphs: choiceList(optionalParagraphIds(campaign), 'paragraph', t),
      paperSize: paperSizeField(campaign.defaultPaperSize, t).catch(campaign.defaultPaperSize),
      token: z.preprocess(asText, z.string()),
    })
    .transform(({ paragraphs, paperSize, token, ...numbers }) => ({
      paragraphs,
      paperSize,
      token,
      posted: Object.fromEntries(offered.map((o) => [o.id, Number((numbers as Record<string, unknown>)[postedFieldName(o)] ?? 0)])),
    }))
    .refine((form) => Object.values(form.posted).some((n) => n > 0), { message: t('organize.print.errors.postedNone'), path: ['posted'] });
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
