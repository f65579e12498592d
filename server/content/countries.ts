import countries from 'i18n-iso-countries';
import type { PaperSize } from '../shared/paper.ts';

/**
 * What the letters need to know about the country a supporter writes from or to: its paper, how it writes
 * postcodes, how to dial out of it, which envelope people buy there, and how to name it. Facts are kept here once;
 * the pages, the PDF and the data check all read them from here.
 */

/** Every ISO 3166-1 alpha-2 code (i18n-iso-countries keeps the list current): what "Where do you live?" offers. */
export const COUNTRY_CODES: readonly string[] = Object.keys(countries.getAlpha2Codes()).sort();

const COUNTRY_SET = new Set(COUNTRY_CODES);
export const isCountryCode = (code: string) => COUNTRY_SET.has(code);

/** Where US Letter is the paper people have; everywhere else uses A4. */
export const LETTER_COUNTRIES: readonly string[] = ['US', 'CA', 'MX', 'PH', 'CL'];

export const paperFor = (country: string): PaperSize => (LETTER_COUNTRIES.includes(country) ? 'letter' : 'a4');

/**
 * How each country of the address book writes its postcodes, so the data check can refuse an open office whose
 * address lacks one. A country missing here is not checked (some have no postcodes).
 */
export const POSTCODE_PATTERNS: Record<string, RegExp> = {
  US: /\b\d{5}(?:-\d{4})?\b/,
  GB: /\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b/,
  CA: /\b[A-Z]\d[A-Z] \d[A-Z]\d\b/,
  AU: /\b\d{4}\b/,
  NZ: /\b\d{4}\b/,
  KR: /\b\d{5}\b/,
  JP: /\b\d{3}-\d{4}\b/,
  DE: /\b\d{5}\b/,
  FR: /\b\d{5}\b/,
  BE: /\b\d{4}\b/,
  CH: /\b\d{4}\b/,
  ES: /\b\d{5}\b/,
  NO: /\b\d{4}\b/,
  TH: /\b\d{5}\b/,
  NL: /\b\d{4} ?[A-Z]{2}\b/,
  DK: /\b\d{4}\b/,
  SE: /\b\d{3} ?\d{2}\b/,
  FI: /\b\d{5}\b/,
  IT: /\b\d{5}\b/,
  PL: /\b\d{2}-\d{3}\b/,
};

/**
 * The international prefix dialled before a country code (ITU-T E.164 national notes): 011 in the North American
 * plan, 0011 in Australia, 010 in Japan, 001 in Korea (one of its carriers' prefixes), 00 almost everywhere else.
 */
const EXIT_CODES: Record<string, string> = { US: '011', CA: '011', AU: '0011', JP: '010', KR: '001', TH: '001', CL: '00', MX: '00' };
const NANP = new Set(['US', 'CA']);

export const exitCodeOf = (country: string) => EXIT_CODES[country] ?? '00';

/**
 * How to dial `number` (international form, "+44 20 7299 4049") from `from`: the whole number with the exit code in
 * place of "+", or, inside the same country (or the North American plan), the number as the country dials it.
 */
export function dialFrom(number: string, from: string, to: string): string {
  const digits = number.replace(/[^\d+]/g, '');
  if (!digits.startsWith('+')) return number;
  const rest = number.trim().replace(/^\+/, '');
  if (NANP.has(from) && NANP.has(to)) return `1 ${rest.replace(/^1[\s-]*/, '')}`;
  if (from === to) return number;
  return `${exitCodeOf(from)} ${rest}`;
}

/** The envelope people buy in a country for a letter folded in three (see the README for why each). */
export type EnvelopeSize = 'us10' | 'dl' | 'naga3' | 'kr';

export function envelopeFor(country: string, paper: PaperSize): EnvelopeSize {
  if (country === 'JP') return 'naga3';
  if (country === 'KR') return 'kr';
  return paper === 'letter' ? 'us10' : 'dl';
}

/** Places with no mission of the People's Republic of China at all: the page says so instead of offering an address. */
export const NO_MISSION: ReadonlySet<string> = new Set(['TW']);

const displayNames = new Map<string, Intl.DisplayNames>();

/** The country's name in `language` ("United Kingdom", "Vereinigtes Königreich"), from the runtime's own data. */
export function countryName(code: string, language = 'en'): string {
  try {
    let names = displayNames.get(language);
    if (!names) displayNames.set(language, (names = new Intl.DisplayNames([language, 'en'], { type: 'region' })));
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The country's English name as it reads inside a sentence: "the United Kingdom", "Japan". */
export const countryInSentence = (code: string) => `${['US', 'GB', 'NL', 'PH'].includes(code) ? 'the ' : ''}${countryName(code)}`;

const byName = new Map<string, Array<{ code: string; name: string }>>();

/** Every country, named and sorted in `language`: what "Where do you live?" lists. Worked out once per language. */
export function countriesByName(language = 'en'): Array<{ code: string; name: string }> {
  let list = byName.get(language);
  if (!list) {
    list = COUNTRY_CODES.map((code) => ({ code, name: countryName(code, language) })).sort((a, b) => a.name.localeCompare(b.name, language));
    if (byName.size < 20) byName.set(language, list);
  }
  return list;
}

/**
 * The region a language tag names itself ("en-GB" → "GB"), or undefined: "de" alone is spoken well beyond Germany,
 * and guessing a country from it would be wrong for many.
 */
export function regionOf(tag: string): string | undefined {
  try {
    const region = new Intl.Locale(tag).region;
    return region && isCountryCode(region) ? region : undefined;
  } catch {
    return undefined;
  }
}
