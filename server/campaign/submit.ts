import type { ZodError } from 'zod';
import type { Campaign } from '../content/campaign.ts';
import type { Catalog } from '../content/catalog.ts';
import { officeName, type Office } from '../content/office.ts';
import { regionName } from '../content/regions.ts';
import type { LetterPackEvent } from '../counts/events.ts';
import { toParagraphs } from '../letters/text.ts';
import type { ComposedLetter } from '../next-steps/carried-letter.ts';
import { countryPickSchema, fieldErrors, formActionSchema, type LetterForm, type RawLetterForm } from './letter-form.ts';
import type { CampaignRules } from './lookup.ts';
import { letterVersion, translationAdded, type PageLanguage, type PageState } from './page.ts';

export type FormOutcome =
  /** The form again: with its messages (400), or with the region's or the country's offices ticked. */
  | { kind: 'form'; state: PageState; statusCode: 200 | 400 }
  /** The letters were composed: count them, then show the next-steps page. */
  | { kind: 'composed'; composed: ComposedLetter; counted: LetterPackEvent }
  /** A letter with the inside address left blank, for a country with no checked office: the PDF, not counted. */
  | { kind: 'blank'; form: Omit<LetterForm, 'offices'>; versions: Pick<ComposedLetter, 'inLanguage' | 'translation'> };

/**
 * What a sent campaign form leads to. "Show the offices for my country" and "Tick my state's office" only change
 * what is ticked; "Make my letters" checks the whole form and composes the letters, or gives the form back with every
 * message and everything typed.
 */
export function submitLetterForm(catalog: Catalog, campaign: Campaign, rules: CampaignRules, input: RawLetterForm, { lang, t }: PageLanguage): FormOutcome {
  // The form again, with everything typed: with what was ticked or said (200), or with the messages of a check (400).
  const again = (state: Omit<PageState, 'input'>): FormOutcome => ({ kind: 'form', statusCode: 200, state: { input, ...state } });
  const refused = (error: ZodError): FormOutcome => ({ kind: 'form', statusCode: 400, state: { input, errors: fieldErrors(error, t) } });
  const list = (items: string[]) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);
  const title = (office: Office) => officeName(t, office);

  const action = formActionSchema.parse(input.action);
  // "Show the letter in this language": the page again, its letter in the chosen language (the page model reads it);
  // the language switcher: the page again in its new language, everything typed kept.
  if (action === 'pick-language') return again({});
  if (action === 'switch-language') return again({ languageSwitched: true });
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
      const cities = list(forRegion.map((o) => o.city));
      return again({ officeIdsForRegion: forRegion.map((o) => o.id), notice: t('campaign.region.ticked', { region, cities }) });
    }
    // The region's own office has no checked address yet: its country's embassy can pass the letter on.
    const country = code.slice(0, 2);
    const embassy = rules.offered.filter((o) => o.country === country && o.kind === 'embassy');
    const fallback = embassy.length > 0 ? embassy : rules.offered.filter((o) => o.country === country);
    const own = catalog.officesOf(campaign).find((o) => o.regions.includes(code));
    const instead = list(fallback.map((o) => t('campaign.region.the', { office: title(o) })));
    const notice = own ? t('campaign.region.notChecked', { office: title(own), region, instead }) : t('campaign.region.noneForRegion', { instead });
    return again({ officeIdsForRegion: fallback.map((o) => o.id), notice });
  }
  if (action === 'blank') {
    const parsed = rules.blankLetter.safeParse(input);
    if (!parsed.success) return refused(parsed.error);
    const letterLanguage = letterVersion(catalog, campaign, lang, parsed.data.letterLanguage).language;
    return { kind: 'blank', form: { ...parsed.data, letterLanguage }, versions: rules.versionsFor({ ...parsed.data, letterLanguage }) };
  }

  const parsed = rules.letter.safeParse(input);
  if (!parsed.success) return refused(parsed.error);
  const form = parsed.data;
  const offices = rules.offered.filter((o) => form.offices.includes(o.id));
  // The language the letters were written in, chosen or not, and the Chinese translation when one was added.
  const letter = letterVersion(catalog, campaign, lang, form.letterLanguage);
  const translation = translationAdded(catalog, campaign, letter.language, form.addTranslation);
  return {
    kind: 'composed',
    composed: {
      form: { ...form, letterLanguage: letter.language, addTranslation: translation ?? '' },
      offices,
      ...rules.versionsFor({ letterLanguage: letter.language, addTranslation: translation ?? '' }),
    },
    // Counted when composed: what the supporter then does with the letters is counted by the next-steps page.
    counted: {
      campaign: campaign.slug,
      officeIds: offices.map((o) => o.id),
      paragraphIds: form.paragraphs,
      ownWords: toParagraphs(form.ownWords).length > 0,
      paperSize: form.paperSize,
      letterLanguage: letter.language,
      ...(translation && { translation }),
    },
  };
}
