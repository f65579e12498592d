import { z } from 'zod';
import { isLanguage, languageForTag, type Language } from '../i18n/languages.ts';
import type { Campaign } from './campaign.ts';

/**
 * A campaign's letter and page in another language: templates/campaigns/<slug>/translations/<language>.json.
 * It carries only the words: which paragraphs are optional, the sources, the offices and the limits stay the
 * campaign's. Each says who translated it and whether the campaign's organizer has reviewed it; the page says so too.
 */
export const campaignTranslationSchema = z
  .object({
    language: z.string().refine(isLanguage, { message: 'not one of the languages the site ships (see server/i18n/languages.ts)' }),
    /** Who translated it ("Draft by a language model", "Min-ji Park, volunteer"). */
    translatedBy: z.string().min(1).max(300),
    /** Set to true by the campaign's organizer once someone they trust has read it against the original. */
    reviewedByOrganizer: z.boolean(),
    title: z.string().min(3).max(200),
    summary: z.string().min(10).max(1000),
    background: z.object({ heading: z.string().min(1).max(200), points: z.array(z.string().min(1).max(2000)).min(1) }).strict(),
    letter: z
      .object({
        addressee: z.array(z.string().min(1).max(120)).min(1).max(4),
        careOf: z.string().max(20),
        salutation: z.string().min(1).max(120),
        closing: z.string().min(1).max(80),
        subject: z.string().min(1).max(200),
        /** By the campaign's paragraph ids: the same ids, no more, no fewer. */
        paragraphs: z.record(z.string(), z.object({ label: z.string().min(1).max(80).optional(), text: z.string().min(1).max(4000) }).strict()),
      })
      .strict(),
    /** For the next reviewer: choices made in translating. Never shown. */
    notes: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export type CampaignTranslation = z.infer<typeof campaignTranslationSchema>;

/** A campaign in one of its languages, and what the page says about where the words came from. */
export interface CampaignVersion {
  language: Language;
  campaign: Campaign;
  /** Undefined for the campaign's own language. */
  translation?: { by: string; reviewed: boolean };
}

/** The campaign's own language as a shipped language ("en-US" → en). */
export const originalLanguageOf = (campaign: Pick<Campaign, 'language'>): Language => languageForTag(campaign.language) ?? 'en';

/** Problems that make a translation unusable against its campaign: paragraph ids and points must match. */
export function translationMismatches(campaign: Campaign, translation: CampaignTranslation): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const ids = new Set(campaign.letter.paragraphs.map((p) => p.id));
  for (const paragraph of campaign.letter.paragraphs) {
    const translated = translation.letter.paragraphs[paragraph.id];
    if (!translated) {
      problems.push({ field: `letter.paragraphs.${paragraph.id}`, message: `missing: the campaign's letter has paragraph "${paragraph.id}"` });
      continue;
    }
    if (paragraph.optional && !translated.label) problems.push({ field: `letter.paragraphs.${paragraph.id}.label`, message: 'an optional paragraph needs its label translated' });
    if (!paragraph.optional && translated.label) problems.push({ field: `letter.paragraphs.${paragraph.id}.label`, message: 'this paragraph is not optional in the campaign, so it has no label' });
  }
  for (const id of Object.keys(translation.letter.paragraphs)) {
    if (!ids.has(id)) problems.push({ field: `letter.paragraphs.${id}`, message: `the campaign's letter has no paragraph "${id}": paragraph ids must match the campaign's` });
  }
  if (translation.background.points.length !== campaign.background.points.length) {
    problems.push({
      field: 'background.points',
      message: `${translation.background.points.length} points, but the campaign has ${campaign.background.points.length}: translate each point, in order`,
    });
  }
  if (translation.letter.addressee.length > campaign.letter.addressee.length + 1) {
    problems.push({ field: 'letter.addressee', message: 'more addressee lines than the campaign has, and more than one extra' });
  }
  return problems;
}

/** The campaign with its words in the translation's language; everything else (ids, options, sources) is its own. */
export function translatedCampaign(campaign: Campaign, translation: CampaignTranslation): Campaign {
  return {
    ...campaign,
    language: translation.language,
    title: translation.title,
    summary: translation.summary,
    background: {
      heading: translation.background.heading,
      points: campaign.background.points.map((point, i) => ({ ...point, text: translation.background.points[i]! })),
    },
    letter: {
      ...campaign.letter,
      addressee: translation.letter.addressee,
      careOf: translation.letter.careOf,
      salutation: translation.letter.salutation,
      closing: translation.letter.closing,
      subject: translation.letter.subject,
      paragraphs: campaign.letter.paragraphs.map((p) => {
        const words = translation.letter.paragraphs[p.id]!;
        return { ...p, text: words.text, ...(words.label !== undefined && { label: words.label }) };
      }),
    },
  };
}
