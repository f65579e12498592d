import { createHash } from 'node:crypto';
import type { Campaign } from '../content/campaign.ts';
import type { CampaignRules } from '../campaign/lookup.ts';
import type { LetterForm, RawLetterForm } from '../campaign/letter-form.ts';
import { composeLetterPack, unaddressedOffice } from '../letters/compose.ts';
import type { Office } from '../content/office.ts';
import type { LetterPack } from '../pdf/index.ts';
import { asText } from '../shared/form-input.ts';

/**
 * The next-steps page keeps the supporter's letter in the page itself, as a hidden field, and every button on it
 * posts the letter back: nothing is stored between requests. What comes back is checked by the same rules as the
 * form, because a page can be edited like any other input.
 */
export interface ComposedLetter {
  form: LetterForm;
  offices: Office[];
  /** The campaign in the letter's language (form.letterLanguage), when it is not the campaign's own. */
  inLanguage?: Campaign;
  /** The campaign in the courtesy translation's language, when one was added (form.addTranslation). */
  translation?: Campaign;
}

/** The letter pack a composed letter makes, dated `date`: in the letter's language, with its translation if added. */
export function letterPackOf(campaign: Campaign, { form, offices, inLanguage, translation }: ComposedLetter, date: Date): LetterPack {
  const choices = { name: form.name, address: form.address, ownWords: form.ownWords, paragraphIds: form.paragraphs, offices, paperSize: form.paperSize, country: form.country };
  return composeLetterPack(inLanguage ?? campaign, choices, date, translation);
}

/**
 * What the page's token is bound to: the set of offices its letter was written to, as a short hash. A page whose
 * carried letter is edited to name other offices no longer matches its token, so it cannot count tallies for them.
 */
export function officeBinding(offices: readonly Pick<Office, 'id'>[]): string {
  return createHash('sha256').update(offices.map((o) => o.id).sort().join('\n')).digest('base64url').slice(0, 22);
}

/** What the hidden field holds: the checked form with the offices resolved, as JSON. */
export function carryLetter(composed: ComposedLetter): string {
  return JSON.stringify(formInputOf(composed));
}

/** The letter as the campaign form sends it, to fill the form in again ("Change my letter"). */
export function formInputOf({ form, offices }: ComposedLetter): RawLetterForm {
  return {
    name: form.name,
    address: form.address,
    ownWords: form.ownWords,
    paragraphs: form.paragraphs,
    offices: offices.map((o) => o.id),
    paperSize: form.paperSize,
    country: form.country,
    officesIn: form.officesIn,
    letterLanguage: form.letterLanguage,
    addTranslation: form.addTranslation,
  };
}

/** The letter posted back by a next-steps button, or undefined when it is missing or does not pass the form's rules. */
export function readCarriedLetter(raw: unknown, rules: CampaignRules): ComposedLetter | undefined {
  let carried: unknown;
  try {
    carried = JSON.parse(asText(raw));
  } catch {
    return undefined;
  }
  if (typeof carried !== 'object' || carried === null || Array.isArray(carried)) return undefined;
  const parsed = rules.letter.safeParse({ ...(carried as RawLetterForm), region: '' });
  if (!parsed.success) return undefined;
  const chosen = new Set(parsed.data.offices);
  return { form: parsed.data, offices: rules.offered.filter((o) => chosen.has(o.id)), ...rules.versionsFor(parsed.data) };
}

/** A letter with the inside address left blank, to the embassy of the country the supporter chose (see unaddressedOffice). */
export function blankLetterPack(campaign: Campaign, form: Omit<LetterForm, 'offices'>, date: Date, versions: Pick<ComposedLetter, 'inLanguage' | 'translation'> = {}): LetterPack {
  const country = form.officesIn || form.country;
  return composeLetterPack(
    versions.inLanguage ?? campaign,
    { name: form.name, address: form.address, ownWords: form.ownWords, paragraphIds: form.paragraphs, offices: [unaddressedOffice(country)], paperSize: form.paperSize, country: form.country },
    date,
    versions.translation,
  );
}
