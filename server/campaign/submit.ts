import type { ZodError } from 'zod';
import type { Campaign } from '../content/campaign.ts';
import type { Catalog } from '../content/catalog.ts';
import { officeTitle } from '../content/office.ts';
import { regionName } from '../content/regions.ts';
import type { LetterPackEvent } from '../counts/events.ts';
import { toParagraphs } from '../letters/text.ts';
import type { ComposedLetter } from '../next-steps/carried-letter.ts';
import { countryPickSchema, fieldErrors, formActionSchema, type LetterForm, type RawLetterForm } from './letter-form.ts';
import type { CampaignRules } from './lookup.ts';
import type { PageState } from './page.ts';

export type FormOutcome =
  /** The form again: with its messages (400), or with the region's or the country's offices ticked. */
  | { kind: 'form'; state: PageState; statusCode: 200 | 400 }
  /** The letters were composed: count them, then show the next-steps page. */
  | { kind: 'composed'; composed: ComposedLetter; counted: LetterPackEvent }
  /** A letter with the inside address left blank, for a country with no checked office: the PDF, not counted. */
  | { kind: 'blank'; form: Omit<LetterForm, 'offices'> };

/**
 * What a sent campaign form leads to. "Show the offices for my country" and "Tick my state's office" only change
 * what is ticked; "Make my letters" checks the whole form and composes the letters, or gives the form back with every
 * message and everything typed.
 */
export function submitLetterForm(catalog: Catalog, campaign: Campaign, rules: CampaignRules, input: RawLetterForm): FormOutcome {
  // The form again, with everything typed: with what was ticked or said (200), or with the messages of a check (400).
  const again = (state: Omit<PageState, 'input'>): FormOutcome => ({ kind: 'form', statusCode: 200, state: { input, ...state } });
  const refused = (error: ZodError): FormOutcome => ({ kind: 'form', statusCode: 400, state: { input, errors: fieldErrors(error) } });

  const action = formActionSchema.parse(input.action);
  if (action === 'pick-country') {
    const picked = countryPickSchema.safeParse(input);
    return picked.success ? again({ countryPicked: true }) : refused(picked.error);
  }
  if (action === 'pick-region') {
    const picked = rules.regionPick.safeParse(input);
    if (!picked.success) return refused(picked.error);
    const code = picked.data.region;
    const region = regionName(code) ?? code;
    const forRegion = catalog.officesForRegion(campaign, code);
    if (forRegion.length > 0) {
      const cities = forRegion.map((o) => o.city).join(' and ');
      return again({ officeIdsForRegion: forRegion.map((o) => o.id), notice: `Ticked the office for ${region}, and only it: ${cities}. You can tick more.` });
    }
    // The region's own office has no checked address yet: its country's embassy can pass the letter on.
    const country = code.slice(0, 2);
    const embassy = rules.offered.filter((o) => o.country === country && o.kind === 'embassy');
    const fallback = embassy.length > 0 ? embassy : rules.offered.filter((o) => o.country === country);
    const own = catalog.officesOf(campaign).find((o) => o.regions.includes(code));
    const why = own ? `The ${officeTitle(own)} serves ${region}, but we have no checked address for it yet, so we` : 'We';
    const ticked = fallback.map((o) => `the ${officeTitle(o)}`).join(' and ');
    return again({ officeIdsForRegion: fallback.map((o) => o.id), notice: `${why} ticked ${ticked} instead: it can pass your letter on.` });
  }
  if (action === 'blank') {
    const parsed = rules.blankLetter.safeParse(input);
    return parsed.success ? { kind: 'blank', form: parsed.data } : refused(parsed.error);
  }

  const parsed = rules.letter.safeParse(input);
  if (!parsed.success) return refused(parsed.error);
  const form = parsed.data;
  const offices = rules.offered.filter((o) => form.offices.includes(o.id));
  return {
    kind: 'composed',
    composed: { form, offices },
    // Counted when composed: what the supporter then does with the letters is counted by the next-steps page.
    counted: {
      campaign: campaign.slug,
      officeIds: offices.map((o) => o.id),
      paragraphIds: form.paragraphs,
      ownWords: toParagraphs(form.ownWords).length > 0,
      paperSize: form.paperSize,
    },
  };
}
