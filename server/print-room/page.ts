import { homeCountryOf } from '../content/campaign.ts';
import { optionalParagraphs, type Campaign } from '../content/campaign.ts';
import type { Office } from '../content/office.ts';
import type { Language } from '../i18n/languages.ts';
import { pluralForms, type Translate } from '../i18n/messages.ts';
import { officeWithCountry } from '../organize/dashboard.ts';
import { asList, asText, type RawForm } from '../shared/form-input.ts';
import { RUN_LETTERS_MAX } from './limits.ts';
import { columnDescription, SHEET_COLUMNS } from './signers.ts';
import type { RowProblem } from './types.ts';

export type PrintForm = 'sheet' | 'event' | 'posted';

/** What the page shows again after a problem: the form's input as sent, and the messages beside its fields. */
export interface PrintRoomState {
  which?: PrintForm;
  input?: RawForm;
  errors?: Record<string, string>;
  problems?: { rows: RowProblem[]; more: number };
  notice?: string;
  /** A problem with the whole request, shown at the top. */
  alert?: string;
}

export interface PrintRoomPage {
  campaign: Campaign;
  /** The open offices the campaign offers. */
  offered: Office[];
  state: PrintRoomState;
  /** A fresh progress id for each run form. */
  newJobId: () => string;
  /** The signed token of the "how many were posted" form. */
  postedToken: string;
  /** The page's words and language. */
  t: Translate;
  language: Language;
}

/** Everything the print-room page shows: the sheet form, the event form and "how many were posted", each as sent. */
/** The words public/js/organize.js says while a run is made, in the page's language ({done}, {total}, {formatted}). */
function scriptWords(t: Translate, language: string): string {
  return JSON.stringify({
    sending: t('organize.js.sending'),
    noNews: t('organize.js.noNews'),
    making: t('organize.js.making', { done: '{done}', total: '{total}' }),
    done: pluralForms(t, language, 'organize.js.done', { formatted: '{formatted}' }),
    stopped: t('organize.js.stopped'),
  });
}

export function printRoomPageModel({ campaign, offered, state, newJobId, postedToken, t, language }: PrintRoomPage) {
  const inputOf = (which: PrintForm) => (state.which === which ? state.input : undefined);
  const errorsOf = (which: PrintForm) => (state.which === which ? (state.errors ?? {}) : {});
  const formOf = (which: PrintForm) => {
    const input = inputOf(which);
    // The offices of the campaign's own country to begin with: a run to every country's is rarely what an event wants.
    const home = homeCountryOf(campaign);
    const ticked = new Set(input ? asList(input.offices) : offered.filter((o) => o.country === home).map((o) => o.id));
    const paper = asText(input?.paperSize) || campaign.defaultPaperSize;
    const labels = asText(input?.addressLabels) || 'stack';
    return {
      job: newJobId(),
      errors: errorsOf(which),
      offices: offered.map((o) => ({ id: o.id, title: officeWithCountry(t, language, o), checked: ticked.has(o.id) })),
      paperLetter: paper === 'letter',
      paperA4: paper === 'a4',
      labelsStack: labels === 'stack',
      labelsLetter: labels === 'letter',
      labelsNone: labels === 'none',
    };
  };
  const optional = optionalParagraphs(campaign);
  const paragraphsFor = (which: PrintForm) => {
    const input = inputOf(which);
    const ticked = new Set(input ? asList(input.paragraphs) : optional.filter((p) => p.checkedByDefault).map((p) => p.id));
    return optional.map((p) => ({ id: p.id, label: p.label, checked: ticked.has(p.id) }));
  };
  const posted = inputOf('posted');
  return {
    jsWords: scriptWords(t, language),
    pageTitle: t('organize.print.title', { campaign: campaign.title }),
    campaign: { slug: campaign.slug, title: campaign.title },
    notice: state.notice,
    alert: state.alert,
    columns: SHEET_COLUMNS.map((column) => ({
      heading: column.heading,
      required: column.required,
      aliases: column.aliases.length > 0 ? t('organize.print.sheet.aliases', { aliases: column.aliases }) : '',
      description: columnDescription(t, column),
    })),
    runLettersMax: RUN_LETTERS_MAX,
    sheet: {
      ...formOf('sheet'),
      rows: asText(inputOf('sheet')?.rows),
      testPrint: asText(inputOf('sheet')?.testPrint) === 'yes',
      problems: state.which === 'sheet' ? state.problems : undefined,
    },
    event: { ...formOf('event'), perOffice: asText(inputOf('event')?.perOffice) || '20', paragraphs: paragraphsFor('event') },
    posted: {
      token: postedToken,
      errors: errorsOf('posted'),
      offices: offered.map((o) => ({
        id: o.id,
        fieldId: postedFieldName(o),
        title: officeWithCountry(t, language, o),
        value: asText(posted?.[postedFieldName(o)]),
        error: errorsOf('posted')[postedFieldName(o)],
      })),
      paragraphs: paragraphsFor('posted'),
    },
  };
}

/** The field of "how many were posted" for one office. */
export const postedFieldName = (office: Pick<Office, 'id'>) => `posted-${office.id}`;

/** A CSV cell in quotes, its own quotes doubled. */
const quotedCell = (text: string) => `"${text.replaceAll('"', '""')}"`;
/** A CSV cell, in quotes only when it needs them. */
const cell = (text: string) => (/[",;\t\r\n]/.test(text) ? quotedCell(text) : text);

/**
 * What the sign-up sheet template offers to download: the headings (which stay as the sheet reader knows them) and
 * two made-up rows in `t`'s language.
 */
export function signUpSheetTemplate(campaign: Campaign, t: Translate): string {
  const [example] = optionalParagraphs(campaign);
  const csv = [
    SHEET_COLUMNS.map((c) => c.heading).join(','),
    [cell(t('organize.sheet.template.name')), quotedCell(t('organize.sheet.template.address')), '', example ? quotedCell(example.id) : ''].join(','),
    [cell(t('organize.sheet.template.otherName')), '', quotedCell(t('organize.sheet.template.ownWords')), 'none'].join(','),
  ].join('\r\n');
  return `\uFEFF${csv}\r\n`;
}
