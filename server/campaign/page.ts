import { campaignPhase, homeCountryOf, type Campaign } from '../content/campaign.ts';
import { publicProgress } from '../counts/progress.ts';
import { officeName } from '../content/office.ts';
import { originalLanguageOf, type CampaignVersion } from '../content/translation.ts';
import { EMBASSY_LANGUAGE, isLanguage, LANGUAGE_NAMES, languageSuggestedFor, type Language } from '../i18n/languages.ts';
import { pluralForms, type Translate } from '../i18n/messages.ts';
import type { Catalog } from '../content/catalog.ts';
import { ADDRESS_LINES_MAX, ADDRESS_LINE_MAX, NAME_MAX } from '../letters/rules.ts';
import { asList, asText } from '../shared/form-input.ts';
import { isPaperSize } from '../shared/paper.ts';
import { countriesByName, countryName, isCountryCode, LETTER_COUNTRIES, NO_MISSION, paperFor, regionOf } from '../content/countries.ts';
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
  letterLanguage: 'letter-language',
};

/** The page's language and its messages. */
export interface PageLanguage {
  lang: Language;
  t: Translate;
}

/**
 * "You will get 3 letters": said before the form is sent, from the offices ticked. The page's script gets the
 * language's forms with `{n}` for the number and picks one as offices are ticked.
 */
function letterCountWords(t: Translate, ticked: number) {
  return { text: ticked === 0 ? t('campaign.submit.none') : t('campaign.submit.count', { count: ticked }), none: t('campaign.submit.none') };
}

/** "{n}" stands for the number in the forms the page's script fills in. */
const N = { count: '{n}' };

/** The words public/js/campaign.js says on the campaign page, in the page's language. */
function scriptWords(t: Translate, lang: Language): string {
  return JSON.stringify({
    letterCount: pluralForms(t, lang, 'campaign.submit.count', N),
    charactersLeft: pluralForms(t, lang, 'campaign.js.charactersLeft', N),
    charactersOver: pluralForms(t, lang, 'campaign.js.charactersOver', N),
    showing: t('campaign.js.showing', { country: '{country}' }),
    ticked: t('campaign.js.ticked', { offices: '{offices}' }),
    making: t('campaign.js.making'),
  });
}

const REGION_WORD_KEYS: Record<string, 'state' | 'province'> = { US: 'state', CA: 'province', DE: 'state' };
/** What the state picker says for a country: "Find the office for your province or territory". */
function regionWordsFor(t: Translate, country: string) {
  const word = REGION_WORD_KEYS[country] ?? 'region';
  return { find: t(`campaign.region.find.${word}`), choose: t(`campaign.region.choose.${word}`), tick: t(`campaign.region.tick.${word}`) };
}

/** The campaign's words in the page's language when it has them, else in its own. */
export function pageVersion(catalog: Catalog, campaign: Campaign, lang: Language): CampaignVersion {
  return catalog.campaignIn(campaign, lang) ?? catalog.versionsOf(campaign)[0] ?? { language: originalLanguageOf(campaign), campaign };
}

/**
 * The letter's language: the one chosen on the form when the campaign has it, else the page's when the campaign has
 * it, else the campaign's own. The country's suggestion (Korea: Korean) applies when the supporter picks a country.
 */
export function letterVersion(catalog: Catalog, campaign: Campaign, lang: Language, chosen?: string): CampaignVersion {
  const typed = isLanguage(chosen) ? catalog.campaignIn(campaign, chosen) : undefined;
  return typed ?? pageVersion(catalog, campaign, lang);
}

export interface PageState {
  /** What the browser sent, shown again exactly as typed; undefined on the first visit. */
  input?: RawLetterForm;
  errors?: Partial<Record<FormField, string>>;
  /** Offices to tick because the supporter picked their state or province. */
  officeIdsForRegion?: string[];
  /** The supporter has just chosen their country: tick its offices and take its paper. */
  countryPicked?: boolean;
  /** The page was switched to another language with the form sent along: a letter that followed the page follows it. */
  languageSwitched?: boolean;
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
 * The language of the courtesy translation added to each letter, when the supporter ticked "Add a Chinese
 * translation" and it is offered: the campaign has the embassy's Chinese and the letter is not in Chinese already.
 */
export function translationAdded(catalog: Catalog, campaign: Campaign, letterLanguage: Language, ticked: string | undefined): Language | undefined {
  if (ticked !== EMBASSY_LANGUAGE || letterLanguage.startsWith('zh')) return undefined;
  return catalog.campaignIn(campaign, EMBASSY_LANGUAGE) ? EMBASSY_LANGUAGE : undefined;
}

/**
 * Everything the campaign page template needs, in the page's language: the campaign, how many letters so far
 * (`letters`: undefined when the count could not be read), the form's current values and its messages.
 */
export function campaignPageModel(
  catalog: Catalog,
  campaign: Campaign,
  { lang, t }: PageLanguage,
  state: PageState = {},
  letters?: number,
  now = new Date(),
) {
  const { input, errors = {} } = state;
  const shown = pageVersion(catalog, campaign, lang);
  // Choosing a country suggests its language for the letter (Korea: Korean) when the campaign has it; the supporter
  // may then choose any other.
  const suggested = state.countryPicked ? languageSuggestedFor(countryOf(campaign, state)) : undefined;
  // A letter in the language of the page it was written on follows the page into its new language.
  const followedPage = state.languageSwitched && asText(input?.letterLanguage) === asText(input?.pageLanguage);
  const typedLanguage = followedPage ? lang : asText(input?.letterLanguage);
  const letter = letterVersion(catalog, campaign, lang, suggested && catalog.campaignIn(campaign, suggested) ? suggested : typedLanguage);
  const offerTranslation = translationAdded(catalog, campaign, letter.language, EMBASSY_LANGUAGE) !== undefined;
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

  const { addressee, careOf } = letter.campaign.letter;
  const joinedAddressee = addressee.join(', ');

  return {
    // A page that comes back with messages says so first in its title, which a screen reader reads on arrival.
    pageTitle: Object.keys(errors).length > 0 ? t('site.errorTitle', { title: shown.campaign.title }) : shown.campaign.title,
    description: shown.campaign.summary,
    campaign: shown.campaign,
    // Set where the campaign's words are not in the page's language (it has no translation into it).
    contentLang: shown.language === lang ? undefined : shown.language,
    pageTranslation: shown.translation,
    letterCampaign: letter.campaign,
    letterLang: letter.language,
    letterLanguages: catalog.versionsOf(campaign).map((version) => ({
      id: version.language,
      name: LANGUAGE_NAMES[version.language],
      tag: version.translation ? (version.translation.reviewed ? undefined : t('campaign.letter.unreviewedTag')) : t('campaign.letter.originalTag'),
      selected: version.language === letter.language,
    })),
    translationOffer: offerTranslation ? { language: EMBASSY_LANGUAGE, checked: asText(input?.addTranslation) === EMBASSY_LANGUAGE } : undefined,
    // "c/o" is the letter's word: only said in a sentence of the same language.
    officesHint: careOf && letter.language === lang
      ? t('campaign.offices.hint', { addressee: joinedAddressee, careOf })
      : t('campaign.offices.hintNoCareOf', { addressee: joinedAddressee }),
    closed: campaignPhase(campaign, now) === 'closed',
    progress:
      letters === undefined
        ? undefined
        : publicProgress(letters, { threshold: campaign.publicCountThreshold, goal: campaign.goal, language: lang, t }),
    paragraphs: letter.campaign.letter.paragraphs.map((p) => ({
      ...p,
      checked: p.optional && (tickedParagraphs ? tickedParagraphs.has(p.id) : p.checkedByDefault),
    })),
    countries: countriesByName(lang).map((c) => ({ ...c, selected: c.code === country })),
    writingElsewhere: officesIn !== country,
    // Every country's offices are in the page, the other countries' hidden: a script then switches at once.
    officeGroups: withOffices
      .map((code) => ({
        country: code,
        name: countryName(code, lang),
        current: code === officesIn,
        selected: code === officesIn && officesIn !== country,
        regions: JSON.stringify(catalog.regionsOf(campaign, code)),
        regionWords: regionWordsFor(t, code),
        offices: offered
          .filter((o) => o.country === code)
          .map((office) => ({
            id: office.id,
            title: officeName(t, office),
            addressLines: office.addressLines,
            districts: office.regions.join(' '),
            checked: code === officesIn && tickedOffices.has(office.id),
          })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, lang)),
    noOffice: here.length === 0 ? noOfficeNote(officesIn, lang, t) : undefined,
    // The same words are given to the page's script, which updates the line as offices are ticked.
    letterCount: letterCountWords(t, lettersTicked),
    jsWords: scriptWords(t, lang),
    regions: catalog.regionsOf(campaign, officesIn).map((r) => ({ ...r, selected: r.code === pickedRegion })),
    regionWords: regionWordsFor(t, officesIn),
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
      // Not `href`: inside {{#each}}, {{href}} would call the link helper.
      target: `#${FIELD_IDS[field]}`,
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
function noOfficeNote(country: string, lang: Language, t: Translate) {
  return {
    name: countryName(country, lang),
    noMission: NO_MISSION.has(country) ? t(`campaign.offices.noMission${country}`) : undefined,
    ministry: MINISTRY_URL,
  };
}
