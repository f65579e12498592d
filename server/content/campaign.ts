import { z } from 'zod';
import { utcDay } from '../shared/day.ts';
import { paperSizeSchema } from '../shared/paper.ts';
import { regionOf } from './countries.ts';

const sourceSchema = z
  .object({
    title: z.string().min(1).max(300),
    /** Who wrote it, as the source itself gives it ("Phil Robertson, Human Rights Watch"). */
    author: z.string().min(1).max(200).optional(),
    publisher: z.string().min(1).max(200),
    date: z.string().max(40).optional(),
    url: z.url().optional(),
  })
  .strict();

const paragraphSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'use lower-case letters, digits and dashes'),
    optional: z.boolean().default(false),
    /** Short label shown beside an optional paragraph's checkbox and in the counts. */
    label: z.string().min(1).max(80).optional(),
    text: z.string().min(1).max(4000),
    /** Optional paragraphs only: whether the box starts ticked. */
    checkedByDefault: z.boolean().default(false),
    /** A closing paragraph ("Thank you for your consideration…"): the writer's own words go before it. */
    closing: z.boolean().default(false),
  })
  .strict()
  .refine((p) => !p.optional || p.label, { message: 'an optional paragraph needs a label', path: ['label'] });

/**
 * Who runs the campaign, shown on its page: supporters put their name on a letter to a government, and should know
 * whom they are trusting with it. Only what the organizer writes here is shown; nothing is filled in for them.
 */
const organizerSchema = z
  .object({
    name: z.string().min(1).max(200),
    /** Who they are and why supporters can trust them: since when, what else they do, who vouches for them. */
    about: z.string().min(1).max(1500),
    website: z.url({ protocol: /^https?$/ }).optional(),
    email: z.email().optional(),
  })
  .strict()
  .refine((o) => o.website || o.email, { message: 'give a website or an email address, so supporters can reach the organizer' });

/** A campaign: templates/campaigns/<slug>/campaign.json. */
export const campaignSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9-]+$/, 'use lower-case letters, digits and dashes'),
    // Required, with no default: a new campaign file must say on purpose that it is live.
    status: z.enum(['draft', 'live', 'closed']),
    /** Last day (UTC) letters can be written; after it a live campaign shows its result and a thank-you. */
    closesOn: z.iso.date().optional(),
    /** Letters the campaign hopes for: the campaign page then shows a progress bar. */
    goal: z.number().int().min(1).max(100_000_000).optional(),
    /** Below this many letters the public page says "fewer than N", so no single supporter shows in it. */
    publicCountThreshold: z.number().int().min(5).max(10_000).default(10),
    language: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/).default('en'),
    title: z.string().min(3).max(200),
    summary: z.string().min(10).max(1000),
    organizer: organizerSchema.optional(),
    background: z
      .object({
        heading: z.string().min(1).max(200),
        points: z
          .array(z.object({ text: z.string().min(1).max(2000), sources: z.array(sourceSchema).min(1) }).strict())
          .min(1),
      })
      .strict(),
    letter: z
      .object({
        /** Lines above the office's address in the inside address ("His Excellency …"). */
        addressee: z.array(z.string().min(1).max(120)).min(1).max(4),
        /** Prefix joining the addressee to the office ("c/o"). */
        careOf: z.string().max(20).default('c/o'),
        salutation: z.string().min(1).max(120),
        paragraphs: z.array(paragraphSchema).min(1).max(30),
        closing: z.string().min(1).max(80),
        /** Subject line for emails and fax covers. */
        subject: z.string().min(1).max(200),
        ownWordsMaxLength: z.number().int().min(0).max(5000).default(2000),
      })
      .strict()
      .superRefine((letter, ctx) => {
        // Paragraph ids are what the form posts and what the counts are kept by: they must be unique.
        const seen = new Set<string>();
        letter.paragraphs.forEach((p, i) => {
          if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['paragraphs', i, 'id'], message: `duplicate paragraph id "${p.id}"` });
          seen.add(p.id);
        });
        // The writer's own words go in one place, between the body and the closing paragraphs.
        const firstClosing = letter.paragraphs.findIndex((p) => p.closing);
        letter.paragraphs.forEach((p, i) => {
          if (firstClosing >= 0 && i > firstClosing && !p.closing) {
            ctx.addIssue({ code: 'custom', path: ['paragraphs', i, 'closing'], message: `comes after the closing paragraph "${letter.paragraphs[firstClosing]!.id}": closing paragraphs must be the last ones` });
          }
        });
      }),
    defaultPaperSize: paperSizeSchema,
    /**
     * The countries whose offices the campaign writes to: "all" (every country in the address book) or ISO codes.
     * Their offices are offered in the book's order; `offices` adds single ones (or names them alone).
     */
    countries: z.union([z.literal('all'), z.array(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "GB"')).min(1)]).optional(),
    /** Ids from the office address book, in the order they are offered, before those of `countries`. */
    offices: z.array(z.string()).min(1).optional(),
    /** Why the content is the way it is: for the next editor, never shown. */
    editorialNotes: z.record(z.string(), z.string()).optional(),
  })
  .strict()
  .superRefine((campaign, ctx) => {
    if (!campaign.countries && !campaign.offices) {
      ctx.addIssue({ code: 'custom', path: ['countries'], message: 'say which countries the campaign writes to ("all", or codes), or list its offices' });
    }
    const seen = new Set<string>();
    (campaign.offices ?? []).forEach((id, i) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['offices', i], message: `office "${id}" is listed twice` });
      seen.add(id);
    });
  });

export type Campaign = z.infer<typeof campaignSchema>;

/** The country a campaign's language names ("en-US": the United States), where its supporters are first assumed to live. */
export const homeCountryOf = (campaign: Pick<Campaign, 'language'>): string => regionOf(campaign.language) ?? 'US';

/** Where a campaign stands today: a live campaign past its closing date is closed. */
export function campaignPhase(campaign: Pick<Campaign, 'status' | 'closesOn'>, now = new Date()): Campaign['status'] {
  if (campaign.status === 'live' && campaign.closesOn && utcDay(now) > campaign.closesOn) return 'closed';
  return campaign.status;
}
export type LetterParagraph = Campaign['letter']['paragraphs'][number];

/** The paragraphs a writer may leave out, in the letter's order: what the forms offer and the counts are kept by. */
export const optionalParagraphs = (campaign: Pick<Campaign, 'letter'>): LetterParagraph[] => campaign.letter.paragraphs.filter((p) => p.optional);
export type BackgroundPoint = Campaign['background']['points'][number];
export type Source = BackgroundPoint['sources'][number];
