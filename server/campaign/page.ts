import { campaignPhase, homeCountryOf, type Campaign } from '../content/campaign.ts';
import { publicProgress } from '../counts/progress.ts';
import { officeKindName } from '../content/office.ts';
import type { Catalog } from '../content/catalog.ts';
import { ADDRESS_LINES_MAX, ADDRESS_LINE_MAX, NAME_MAX } from '../letters/rules.ts';
import { asList, asText } from '../shared/form-input.ts';
import { isPaperSize } from '../shared/paper.ts';
import { countriesByName, countryName, isCountryCode, LETTER_COUNTRIES, NO_MISSION, paperFor, regionOf } from '../content/countries.ts';
import { regionWord } from '../content/regions.ts';
import { FORM_FIELDS, type FormField, type RawLetterForm } from './letter-form.ts';

const FIELD_IDS: Record<FormField, string> = {
  country: 'country',
  officesIn: 'offices-in',
  paragraphs: 'paragraphs',
  ownWords: 'own-words',
  name: 'name',
  address: 'address',
  offices: 'offices',
  region: 'region',
  paperSize: 'paper-size',
};

/** "You will get 3 letters": said before the form is sent, from the offices ticked. `{n}` is the number. */
const LETTER_COUNT = {
  none: 'No office is ticked: tick at least one to get a letter.',
  one: 'You will get 1 letter: one for the office ticked.',
  many: 'You will get {n} letters: one for each office ticked.',
  say(n: number) {
    return n === 0 ? this.none : n === 1 ? this.one : this.many.replace('{n}', String(n));
  },
};

export interface PageState {
  /** What the browser sent, shown again exactly as typed; undefined on the first visit. */
  input?: RawLetterForm;
  errors?: Partial<Record<FormField, string>>;
  /** Offices to tick because the supporter picked their state or province. */
  officeIdsForRegion?: string[];
  /** The supporter has just chosen their country: tick its offices and take its paper. */
  countryPicked?: boolean;
  /** On a first visit: the country the browser's language names (en-GB: the United Kingdom), if any. */
  suggestedCountry?: string;
  notice?: string;
}

/**
 * The country a browser's Accept-Language names first ("en-GB,en;q=0.9" → "GB"), if any: only a suggestion for the
 * first visit, read from the request and never kept. Never from the IP address.
 */
export function countryFromLanguages(header: string | undefined): string | undefined {
  const tags = (header ?? '')
    .split(',')
    .map((part) => part.split(';')[0]!.trim())
    .filter((tag) => tag && tag !== '*');
  for (const tag of tags.slice(0, 10)) {
    const region = regionOf(tag);
    if (region) return region;
  }
  return undefined;
}

/** Where the supporter lives, as far as the page knows: what they chose, what their browser suggests, the campaign's own country. */
function countryOf(campaign: Campaign, state: PageState): string {
  const typed = asText(state.input?.country).trim().toUpperCase();
  if (isCountryCode(typed)) return typed;
  return state.suggestedCountry ?? homeCountryOf(campaign);
}

/**
 * Everything the campaign page template needs: the campaign, how many letters so far (`letters`: undefined when
 * the count could not be read), the form's current values and its messages.
 */
export function campaignPageModel(catalog: Catalog, campaign: Campaign, state: PageState = {}, letters?: number, now = new Date()) {
  const { input, errors = {} } = state;
  const offered = catalog.offeredOffices(campaign);
  const country = countryOf(campaign, state);
  const withOffices = [...new Set(offered.map((o) => o.country))];
  // Whose offices the letters go to: the supporter's own country's, unless they chose another's.
  const typedOfficesIn = asText(input?.officesIn).trim().toUpperCase();
  const officesIn = withOffices.includes(typedOfficesIn) ? typedOfficesIn : country;
  const here = offered.filter((o) => o.country === officesIn);
  const tickedParagraphs = input ? new Set(asList(input.paragraphs)) : undefined;
  // The country's open offices start ticked; after that, exactly what the supporter ticked (or what a picker ticked).
  const tickedOffices = new Set(state.officeIdsForRegion ?? (input && !state.countryPicked ? asList(input.offices) : here.map((o) => o.id)));
  const lettersTicked = offered.filter((o) => tickedOffices.has(o.id)).length;
  const typedPaper = asText(input?.paperSize);
  // Paper follows the country until the supporter chooses otherwise.
  const paperSize = isPaperSize(typedPaper) && !state.countryPicked ? typedPaper : paperFor(country);
  const pickedRegion = asText(input?.region);

  return {
    // A page that comes back with messages says so first in its title, which a screen reader reads on arrival.
    pageTitle: Object.keys(errors).length > 0 ? `Error: ${campaign.title}` : campaign.title,
    description: campaign.summary,
    lang: campaign.language,
    campaign,
    closed: campaignPhase(campaign, now) === 'closed',
    progress:
      letters === undefined
        ? undefined
        : publicProgress(letters, { threshold: campaign.publicCountThreshold, goal: campaign.goal, language: campaign.language }),
    paragraphs: campaign.letter.paragraphs.map((p) => ({
      ...p,
      checked: p.optional && (tickedParagraphs ? tickedParagraphs.has(p.id) : p.checkedByDefault),
    })),
    countries: countriesByName().map((c) => ({ ...c, selected: c.code === country })),
    writingElsewhere: officesIn !== country,
    // Every country's offices are in the page, the other countries' hidden: a script then switches at once.
    officeGroups: withOffices
      .map((code) => ({
        country: code,
        name: countryName(code),
        current: code === officesIn,
        selected: code === officesIn && officesIn !== country,
        regions: JSON.stringify(catalog.regionsOf(campaign, code)),
        regionWord: regionWord(code),
        offices: offered
          .filter((o) => o.country === code)
          .map((office) => ({
            id: office.id,
            city: office.city,
            kind: officeKindName(office),
            addressLines: office.addressLines,
            districts: office.regions.join(' '),
            checked: code === officesIn && tickedOffices.has(office.id),
          })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en')),
    noOffice: here.length === 0 ? noOfficeNote(officesIn) : undefined,
    // The same words are given to the page's script, which updates the line as offices are ticked.
    letterCount: { text: LETTER_COUNT.say(lettersTicked), none: LETTER_COUNT.none, one: LETTER_COUNT.one, many: LETTER_COUNT.many },
    regions: catalog.regionsOf(campaign, officesIn).map((r) => ({ ...r, selected: r.code === pickedRegion })),
    regionWord: regionWord(officesIn),
    letterCountries: LETTER_COUNTRIES.join(' '),
    values: {
      name: asText(input?.name),
      address: asText(input?.address),
      ownWords: asText(input?.ownWords),
      paperLetter: paperSize === 'letter',
      paperA4: paperSize === 'a4',
    },
    limits: {
      name: NAME_MAX,
      addressLines: ADDRESS_LINES_MAX,
      addressLine: ADDRESS_LINE_MAX,
      ownWords: campaign.letter.ownWordsMaxLength,
    },
    errors,
    errorSummary: FORM_FIELDS.filter((field) => errors[field]).map((field) => ({
      href: `#${FIELD_IDS[field]}`,
      message: errors[field],
    })),
    notice: state.notice,
  };
}

/**
 * The Chinese foreign ministry's English site, which lists its embassies and consulates abroad: the seed notice sent
 * "citizens of other countries" to such a list (its link did not survive in our copy, so the site's root is given).
 */
export const MINISTRY_URL = 'https://www.mfa.gov.cn/eng/';

/** What the page says for a country with no checked office: why, where to look, and the blank letter. */
function noOfficeNote(country: string) {
  const name = countryName(country);
  return {
    name,
    noMission: NO_MISSION[country],
    ministry: MINISTRY_URL,
  };
}
