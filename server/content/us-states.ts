/**
 * US states, the District of Columbia and the inhabited territories, by USPS code.
 * Used to name the US regions (US-CA …) of an office's district (the "your state" picker) and to reject typos there.
 */
export const US_STATES: Readonly<Record<string, string>> = Object.freeze({
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  DC: 'District of Columbia',
  PR: 'Puerto Rico',
  GU: 'Guam',
  MP: 'Northern Mariana Islands',
  AS: 'American Samoa',
  VI: 'U.S. Virgin Islands',
});

/** The 50 states only (no DC, no territories): for checking that every state has an office. */
export const US_STATE_CODES_50: readonly string[] = Object.freeze(
  Object.keys(US_STATES).filter((code) => !['DC', 'PR', 'GU', 'MP', 'AS', 'VI'].includes(code)),
);

export function usStateName(code: string): string | undefined {
  return Object.hasOwn(US_STATES, code) ? US_STATES[code] : undefined;
}
