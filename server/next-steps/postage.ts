import type { Office } from '../content/office.ts';

const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * What a domestic letter needs, for the countries where we have checked it. A country not listed here gets the
 * plain advice to use an ordinary letter stamp: nothing is guessed.
 */
const DOMESTIC_POSTAGE: Record<string, string> = {
  // USPS: a Forever stamp pays for a First-Class Mail letter of up to 1 oz, about four sheets in a standard envelope.
  US: 'one Forever stamp per envelope pays for a letter of up to 1 oz (about four sheets of paper)',
};

/** The postage advice for letters to these offices: from inside each office's country, and from abroad. */
export function postageAdvice(offices: readonly Office[]): Array<{ country: string; domestic: string; abroad: string }> {
  const countries = [...new Set(offices.map((o) => o.country))];
  return countries.map((code) => {
    const country = COUNTRY_NAMES.of(code) ?? code;
    const the = code === 'US' || code === 'GB' ? 'the ' : '';
    return {
      country: `${the}${country}`,
      domestic: `Posting inside ${the}${country}: ${DOMESTIC_POSTAGE[code] ?? 'an ordinary letter stamp per envelope'}.`,
      abroad: `Posting from another country to ${the}${country}: use international letter postage; your post office will tell you the rate.`,
    };
  });
}
