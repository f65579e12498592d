import { countryInSentence as withThe } from '../content/countries.ts';
import type { Office } from '../content/office.ts';

/**
 * What a domestic letter needs, for the countries where we have checked it. A country not listed here gets the
 * plain advice to use an ordinary letter stamp: nothing is guessed.
 */
const DOMESTIC_POSTAGE: Record<string, string> = {
  // USPS: a Forever stamp pays for a First-Class Mail letter of up to 1 oz, about four sheets in a standard envelope.
  US: 'one Forever stamp per envelope pays for a letter of up to 1 oz (about four sheets of paper)',
  // Royal Mail: a first-class (or second-class) stamp pays for a Letter of up to 100 g.
  GB: 'one first-class stamp per envelope pays for a letter of up to 100 g',
};

/** International postage advice for the few posts whose stamp for it we have checked. */
const INTERNATIONAL_POSTAGE: Record<string, string> = {
  // USPS: a Global Forever stamp pays for a 1 oz First-Class Mail International letter to any country.
  US: 'one Global Forever stamp per envelope pays for a letter of up to 1 oz to any country',
};


/**
 * The postage advice for letters from `from` to these offices: a domestic stamp for offices in the supporter's own
 * country, international postage for the others (what their post office sells for it, where we know).
 */
export function postageAdvice(offices: readonly Office[], from: string): Array<{ country: string; domestic: boolean; text: string }> {
  const countries = [...new Set(offices.map((o) => o.country))];
  return countries.map((code) => {
    if (code === from) {
      return { country: withThe(code), domestic: true, text: `Posting inside ${withThe(code)}: ${DOMESTIC_POSTAGE[code] ?? 'an ordinary letter stamp per envelope'}.` };
    }
    const stamp = INTERNATIONAL_POSTAGE[from] ?? 'use international letter postage; your post office will tell you the rate';
    return { country: withThe(code), domestic: false, text: `Posting from ${withThe(from)} to ${withThe(code)} is international: ${stamp}.` };
  });
}
