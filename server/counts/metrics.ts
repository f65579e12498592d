// Every metric name stored in daily_counts.metric. Stored data: add names, never rename them.
export const METRIC = {
  /** Letters composed (one per office); key ''. */
  letters: 'letters',
  /** Letter sets composed (one per form sent); key ''. */
  packs: 'packs',
  /** Letters to one office; key = office id. */
  office: 'office',
  /** Letter sets with this optional paragraph ticked; key = paragraph id. */
  paragraph: 'paragraph',
  /** Letter sets whose supporter added their own words; key ''. */
  ownWords: 'own_words',
  /** Letter sets by paper size; key = 'letter' | 'a4'. */
  paper: 'paper',
  /** PDFs made, once per next-steps page and kind; key = 'letter' | 'fax' | 'envelope'. */
  packKind: 'pack_kind',
  /** "I posted / faxed / emailed it", once per page, channel and office; key = '<channel>:<office id>'. */
  tally: 'tally',
  /** "Email me my letter"; key = 'sent' | 'failed'. */
  email: 'email',
  /**
   * Letters printed by organizers in the print room; key = 'sheet' (from a sign-up sheet, also counted as letters),
   * 'event' (event letters reported posted, also counted as letters) or 'blank' (blank event letters printed, not
   * letters until reported posted).
   */
  printed: 'printed',
  /** Letter sets by the language their letters were written in; key = a language id ('en', 'ko', 'zh-Hans'…). */
  letterLanguage: 'letter_language',
  /** Letter sets with a courtesy translation added; key = the translation's language ('zh-Hans'). */
  translation: 'translation',
  /**
   * What forms that could not prove they came from a person's browser made (guards/verdict.ts), counted apart and in
   * no other metric; key = 'letters' (one per office), 'packs' (letter sets) or 'tally:<channel>'.
   */
  unverified: 'unverified',
} as const;

export type Metric = (typeof METRIC)[keyof typeof METRIC];

export const CHANNELS = ['posted', 'faxed', 'emailed'] as const;
export type Channel = (typeof CHANNELS)[number];
/** How the organizer pages and exports name a channel. */
export const CHANNEL_NAMES: Record<Channel, string> = { posted: 'Posted', faxed: 'Faxed', emailed: 'Emailed' };

export const PRINTED_KINDS = ['sheet', 'event', 'blank'] as const;
export type PrintedKind = (typeof PRINTED_KINDS)[number];
