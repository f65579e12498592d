import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../server/i18n/languages.ts';
import { loadMessages, type Translate } from '../../server/i18n/messages.ts';
import { labelsFor, labelsLocale, letterLabelsLanguage, packLabels, type PackLabels } from '../../server/pdf/labels.ts';

/** Every label, with its functions called on sample values: what a pack can print. */
function printed(labels: PackLabels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels) as [keyof PackLabels, unknown][]) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) value.forEach((v: string, i) => (out[`${name}.${i}`] = v));
  }
  const samples: Record<string, string> = {
    'pageOf(1,3)': labels.pageOf(1, 3),
    'faxDialFrom(GB)': labels.faxDialFrom('GB', '00 1 202 495 2138', '00'),
    'faxDialFrom(JP)': labels.faxDialFrom('JP', '010 1 202 495 2138', '010'),
    'faxPageCount(1)': labels.faxPageCount(1),
    'faxPageCount(3)': labels.faxPageCount(3),
    'faxPassOn': labels.faxPassOn('His Excellency the President'),
    'paperName(letter)': labels.paperName('letter'),
    'paperName(a4)': labels.paperName('a4'),
    'signerCount(1)': labels.signerCount(1),
    'signerCount(2)': labels.signerCount(2),
    'blankLetterCount(1)': labels.blankLetterCount(1),
    'blankLetterCount(5)': labels.blankLetterCount(5),
    'labelSummary(office,1,1)': labels.labelSummary('Avery 5160', 'office', 1, 1),
    'labelSummary(letter,31,2)': labels.labelSummary('Avery L7163', 'letter', 31, 2),
    'faxAlsoReported': labels.faxAlsoReported(['+1 212 502 0245', '+1 212 502 0246']),
    'reportLater': labels.reportLater('example.org/r', '15 January 2027'),
  };
  return { ...out, ...samples };
}

describe('the words around the letters', () => {
  it('are, in English, word for word what the PDF has always printed', () => {
    const labels = packLabels(loadMessages().forLanguage('en'), 'en');
    expect(printed(labels)).toEqual({
      whereToSend: 'Where to send your letters',
      whereToSendContinued: 'Where to send your letters (continued)',
      whereToSendIntro:
        'Each letter in this pack is addressed to one of the offices below. Post it to that office, writing the address on the envelope exactly as it is shown here.',
      translationHeading: 'Courtesy translation',
      translationIntro: 'A translation of the letter before this page, for the reader’s convenience. The letter before it is the original.',
      translationOwnWords: '[At this point in the original letter, the writer added a personal message in their own language. It has not been translated.]',
      phone: 'Phone',
      fax: 'Fax',
      email: 'Email',
      tipsHeading: 'Before you post',
      'tips.0': 'Sign each letter by hand in the space above your printed name.',
      'tips.1': 'Use one envelope per office, and send each letter only to the office it is addressed to.',
      'tips.2': 'If you are writing from another country, use international postage; your post office can tell you the rate.',
      'tips.3': 'Keep a copy of each letter and note the date you posted it.',
      faxHeading: 'Fax',
      faxTo: 'To',
      faxNumber: 'Fax number',
      faxFrom: 'From',
      faxDate: 'Date',
      faxPages: 'Pages',
      faxSubject: 'Re',
      faxDial: 'Dial',
      printedName: 'Name',
      ownWordsByHand: 'In your own words (optional)',
      printRunHeading: 'Print run',
      printRunDate: 'Date',
      printRunPaper: 'Paper',
      printRunLetters: 'Letters',
      printRunLabels: 'Address labels',
      noLabels: 'None',
      office: 'Office',
      letterCount: 'Letters',
      total: 'Total',
      howToPostHeading: 'How to post',
      postStacks: 'Put each office’s stack of letters in its own envelope or box, addressed to that office.',
      postEachLetter: 'Post each letter in its own envelope, with the label of the office it is addressed to.',
      signBeforePosting: 'Make sure every letter is signed by hand, above the printed name, before it is posted.',
      fillInAtEvent:
        'Each writer fills in their return address at the top right, signs on the first line below the closing and prints their name on the second.',
      internationalPostage: 'If you are writing from another country, use international postage; your post office can tell you the rate.',
      reportLaterHeading: 'Posted them later? Tell the campaign',
      'pageOf(1,3)': 'Page 1 of 3',
      'faxDialFrom(GB)': '00 1 202 495 2138 from the United Kingdom (00 is its international prefix, in place of the +)',
      'faxDialFrom(JP)': '010 1 202 495 2138 from Japan (010 is its international prefix, in place of the +)',
      'faxPageCount(1)': '1 (including this cover sheet)',
      'faxPageCount(3)': '3 (including this cover sheet)',
      faxPassOn: 'Please pass this letter to His Excellency the President.',
      'paperName(letter)': 'US Letter',
      'paperName(a4)': 'A4',
      'signerCount(1)': '1 signer',
      'signerCount(2)': '2 signers',
      'blankLetterCount(1)': '1 blank letter per office',
      'blankLetterCount(5)': '5 blank letters per office',
      'labelSummary(office,1,1)': 'Avery 5160, one per office’s stack: 1 label on 1 sheet',
      'labelSummary(letter,31,2)': 'Avery L7163, one per letter: 31 labels on 2 sheets',
      faxAlsoReported: 'If it does not go through, also reported: +1 212 502 0245, +1 212 502 0246.',
      reportLater:
        'Go to example.org/r and enter this code by 15 January 2027, so your letters are counted. Each office counts once, and nothing about you is kept.',
    });
  });

  it('all come from the message files: not one word is left in the code', () => {
    const t = ((key: string, values?: Record<string, unknown>) => `«${key}${values ? JSON.stringify(values) : ''}»`) as unknown as Translate;
    for (const [name, text] of Object.entries(printed(packLabels(t, 'ko')))) {
      // Each is one message (the label summary has two more inside it), with only data passed in.
      expect(text, name).toMatch(/^«pdf\.[\s\S]*»$/);
    }
  });

  it('name the sender’s country in the labels’ language, without the English article', () => {
    const t = ((key: string, values?: Record<string, unknown>) => `${key} ${String(values?.country)}`) as unknown as Translate;
    expect(packLabels(t, 'en').faxDialFrom('GB', '', '')).toBe('pdf.faxCover.dialFrom the United Kingdom');
    expect(packLabels(t, 'de').faxDialFrom('GB', '', '')).toBe('pdf.faxCover.dialFrom Vereinigtes Königreich');
    expect(packLabels(t, 'ko').faxDialFrom('JP', '', '')).toBe('pdf.faxCover.dialFrom 일본');
  });

  it('exist in every language the interface ships in, built once per language and thread', () => {
    for (const language of LANGUAGES) {
      const labels = labelsFor(language);
      expect(labels.whereToSend, language).not.toBe('');
      expect(labelsFor(language)).toBe(labels);
    }
    // Absent or not a shipped language: English.
    expect(labelsFor(undefined)).toBe(labelsFor('en'));
    expect(labelsFor('xx')).toBe(labelsFor('en'));
    expect(labelsFor('__proto__')).toBe(labelsFor('en'));
  });

  it('on the letter’s own pages follow the letter’s language; their dates keep its region', () => {
    expect(letterLabelsLanguage('en-US')).toBe('en');
    expect(letterLabelsLanguage('zh-TW')).toBe('zh-Hant');
    expect(letterLabelsLanguage('ru')).toBe('en');
    expect(letterLabelsLanguage(') /JS (')).toBe('en');
    // The deadline and print-run date are read with the labels.
    expect(labelsLocale(undefined, 'en-US')).toBe('en-US');
    expect(labelsLocale('en', 'en-GB')).toBe('en-GB');
    expect(labelsLocale(undefined, 'de')).toBe('en');
    expect(labelsLocale('ko', 'en-US')).toBe('ko');
    expect(labelsLocale('de', 'de-AT')).toBe('de-AT');
  });
});
