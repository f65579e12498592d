// Every metric name stored in daily_counts.metric. Stored data: add names, never rename them.
export const METRIC = {
  /** Letters in downloaded packs (one per office); key ''. */
  letters: 'letters',
  /** Packs downloaded; key ''. */
  packs: 'packs',
  /** Letters to one office; key = office id. */
  office: 'office',
  /** Packs with this optional paragraph ticked; key = paragraph id. */
  paragraph: 'paragraph',
  /** Packs whose supporter added their own words; key ''. */
  ownWords: 'own_words',
  /** Packs by paper size; key = 'letter' | 'a4'. */
  paper: 'paper',
} as const;

export type Metric = (typeof METRIC)[keyof typeof METRIC];
