import { US_STATES } from './us-states.ts';

/**
 * Names of the ISO 3166-2 regions an office's district is given in, for the "your state or province" picker and to
 * catch typos in the address book. Only the countries whose districts the book knows are listed.
 */
const CANADA: Record<string, string> = {
  'CA-AB': 'Alberta',
  'CA-BC': 'British Columbia',
  'CA-MB': 'Manitoba',
  'CA-NB': 'New Brunswick',
  'CA-NL': 'Newfoundland and Labrador',
  'CA-NS': 'Nova Scotia',
  'CA-NT': 'Northwest Territories',
  'CA-NU': 'Nunavut',
  'CA-ON': 'Ontario',
  'CA-PE': 'Prince Edward Island',
  'CA-QC': 'Quebec',
  'CA-SK': 'Saskatchewan',
  'CA-YT': 'Yukon',
};

const GERMANY: Record<string, string> = {
  'DE-BW': 'Baden-Württemberg',
  'DE-BY': 'Bavaria',
  'DE-BE': 'Berlin',
  'DE-BB': 'Brandenburg',
  'DE-HB': 'Bremen',
  'DE-HH': 'Hamburg',
  'DE-HE': 'Hesse',
  'DE-MV': 'Mecklenburg-Western Pomerania',
  'DE-NI': 'Lower Saxony',
  'DE-NW': 'North Rhine-Westphalia',
  'DE-RP': 'Rhineland-Palatinate',
  'DE-SL': 'Saarland',
  'DE-SN': 'Saxony',
  'DE-ST': 'Saxony-Anhalt',
  'DE-SH': 'Schleswig-Holstein',
  'DE-TH': 'Thuringia',
};

const NAMES: Record<string, Record<string, string>> = {
  US: Object.fromEntries(Object.entries(US_STATES).map(([code, name]) => [`US-${code}`, name])),
  CA: CANADA,
  DE: GERMANY,
};

/** What the picker calls a region of the country. */
const REGION_WORDS: Record<string, string> = { US: 'state', CA: 'province or territory', DE: 'state' };
export const regionWord = (country: string) => REGION_WORDS[country] ?? 'region';

/** Whether the book can check a country's region codes (for the others only their form is checked). */
export const knowsRegionsOf = (country: string) => Object.hasOwn(NAMES, country);

export function regionName(code: string): string | undefined {
  const names = NAMES[code.slice(0, 2)];
  return names && Object.hasOwn(names, code) ? names[code] : undefined;
}
