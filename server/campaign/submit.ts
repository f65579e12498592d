import type { Campaign } from '../content/campaign.ts';
import type { Catalog } from '../content/catalog.ts';
import type { LetterPackEvent } from '../counts/events.ts';
import { toParagraphs } from '../letters/text.ts';
import type { ComposedLetter } from '../next-steps/carried-letter.ts';
import { fieldErrors, formActionSchema, type RawLetterForm } from './letter-form.ts';
import type { CampaignRules } from './lookup.ts';
import type { PageState } from './page.ts';

export type FormOutcome =
  /** The form again: with its messages (400), or with the state's offices ticked. */
  | { kind: 'form'; state: PageState; statusCode: 200 | 400 }
  /** The letters were composed: count them, then show the next-steps page. */
  | { kind: 'composed'; composed: ComposedLetter; counted: LetterPackEvent };

/**
 * What a sent campaign form leads to. "Tick my state's office" only ticks; "Make my letters" checks the whole form
 * and composes the letters, or gives the form back with every message and everything typed.
 */
export function submitLetterForm(catalog: Catalog, campaign: Campaign, rules: CampaignRules, input: RawLetterForm): FormOutcome {
  if (formActionSchema.parse(input.action) === 'pick-state') {
    const picked = rules.statePick.safeParse(input);
    if (!picked.success) return { kind: 'form', state: { input, errors: fieldErrors(picked.error) }, statusCode: 400 };
    const forState = catalog.officesForState(campaign, picked.data.state);
    return {
      kind: 'form',
      statusCode: 200,
      state: {
        input,
        officeIdsForState: forState.map((o) => o.id),
        notice: `Ticked the office for your state, and only it: ${forState.map((o) => o.city).join(' and ')}. You can tick more.`,
      },
    };
  }

  const parsed = rules.letter.safeParse(input);
  if (!parsed.success) return { kind: 'form', state: { input, errors: fieldErrors(parsed.error) }, statusCode: 400 };
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
