import { countryName } from '../content/countries.ts';
import type { Office } from '../content/office.ts';
import type { Language } from '../i18n/languages.ts';
import type { Translate } from '../i18n/messages.ts';

/**
 * The countries where we have checked what a domestic letter needs; their advice is next-steps.postage.domestic.<code>.
 * A country not listed here gets the plain advice to use an ordinary letter stamp (…domestic.default): nothing is guessed.
 *   US (USPS): a Forever stamp pays for a First-Class Mail letter of up to 1 oz, about four sheets in a standard envelope.
 *   GB (Royal Mail): a first-class (or second-class) stamp pays for a Letter of up to 100 g.
 */
const DOMESTIC_POSTAGE: ReadonlySet<string> = new Set(['US', 'GB']);

/**
 * The few posts whose stamp for international letters we have checked (next-steps.postage.international.<code>).
 *   US (USPS): a Global Forever stamp pays for a 1 oz First-Class Mail International letter to any country.
 */
const INTERNATIONAL_POSTAGE: ReadonlySet<string> = new Set(['US']);

/**
 * The country's name as it reads inside a sentence of the page's language: "the United Kingdom", "Japan" in English.
 * The name is the runtime's own (Intl); the words around it (an article, a case) are next-steps.postage.country, whose
 * form for a country is chosen by i18next's context (country_GB).
 */
export const countryInSentence = (t: Translate, lang: Language, code: string): string =>
  t('next-steps.postage.country', { context: code, name: countryName(code, lang) });

/**
 * The postage advice for letters from `from` to these offices: a domestic stamp for offices in the supporter's own
 * country, international postage for the others (what their post office sells for it, where we know).
 */
export function postageAdvice(
  t: Translate,
  lang: Language,
  offices: readonly Office[],
  from: string,
): Array<{ country: string; domestic: boolean; text: string }> {
  const countries = [...new Set(offices.map((o) => o.country))];
  const named = (code: string) => countryInSentence(t, lang, code);
  return countries.map((code) => {
    if (code === from) {
      const advice = t(`next-steps.postage.domestic.${DOMESTIC_POSTAGE.has(code) ? code : 'default'}`);
      return { country: named(code), domestic: true, text: t('next-steps.postage.inside', { country: named(code), advice }) };
    }
    const advice = t(`next-steps.postage.international.${INTERNATIONAL_POSTAGE.has(from) ? from : 'default'}`);
    return { country: named(code), domestic: false, text: t('next-steps.postage.abroad', { from: named(from), to: named(code), advice }) };
  });
}
