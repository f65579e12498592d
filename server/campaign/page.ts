import { campaignPhase, type Campaign } from '../content/campaign.ts';
import { publicProgress } from '../counts/progress.ts';
import { officeKindName } from '../content/office.ts';
import type { Catalog } from '../content/catalog.ts';
import { ADDRESS_LINES_MAX, ADDRESS_LINE_MAX, NAME_MAX } from '../letters/rules.ts';
import { asList, asText } from '../shared/form-input.ts';
import { isPaperSize } from '../shared/paper.ts';
import { FORM_FIELDS, type FormField, type RawLetterForm } from './letter-form.ts';

const FIELD_IDS: Record<FormField, string> = {
  paragraphs: 'paragraphs',
  ownWords: 'own-words',
  name: 'name',
  address: 'address',
  offices: 'offices',
  state: 'state',
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
  /** Offices to tick because the supporter picked their state. */
  officeIdsForState?: string[];
  notice?: string;
}

/**
 * Everything the campaign page template needs: the campaign, how many letters so far (`letters`: undefined when
 * the count could not be read), the form's current values and its messages.
 */
export function campaignPageModel(catalog: Catalog, campaign: Campaign, state: PageState = {}, letters?: number, now = new Date()) {
  const { input, errors = {} } = state;
  const offered = catalog.offeredOffices(campaign);
  const tickedParagraphs = input ? new Set(asList(input.paragraphs)) : undefined;
  // Every open office starts ticked; after that, exactly what the supporter ticked (or what their state's picker ticked).
  const tickedOffices = new Set(state.officeIdsForState ?? (input ? asList(input.offices) : offered.map((o) => o.id)));
  const lettersTicked = offered.filter((o) => tickedOffices.has(o.id)).length;
  const typedPaper = asText(input?.paperSize);
  const paperSize = isPaperSize(typedPaper) ? typedPaper : campaign.defaultPaperSize;
  const pickedState = asText(input?.state);

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
    offices: offered.map((office) => ({
      id: office.id,
      city: office.city,
      kind: officeKindName(office),
      addressLines: office.addressLines,
      districts: office.consularDistrict.join(' '),
      checked: tickedOffices.has(office.id),
    })),
    officeCount: offered.length,
    // The same words are given to the page's script, which updates the line as offices are ticked.
    letterCount: { text: LETTER_COUNT.say(lettersTicked), none: LETTER_COUNT.none, one: LETTER_COUNT.one, many: LETTER_COUNT.many },
    states: catalog.statesServed(campaign).map((s) => ({ ...s, selected: s.code === pickedState })),
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
