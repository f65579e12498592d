import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_OFFICES } from '../support/app.ts';
import { loadCatalog } from '../../server/content/catalog.ts';
import type { Campaign } from '../../server/content/campaign.ts';
import { letterFormSchema } from '../../server/campaign/letter-form.ts';
import { ADDRESS_LINE_MAX, ADDRESS_LINES_MAX, NAME_MAX } from '../../server/letters/rules.ts';
import { readSignerSheet } from '../../server/print-room/signers.ts';
import { REAL_CONTENT_DIR } from '../support/paths.ts';

/**
 * The campaign form and the sign-up-sheet reader are two doors into the same letter: each case below goes through
 * both, and both must accept it or both must refuse it (each in its own words).
 */
type Field = 'name' | 'address' | 'ownWords' | 'paragraphs';
interface Case {
  what: string;
  field: Field;
  value: string;
  accepted: boolean;
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => `Line ${i + 1}`).join('\n');
const CASES: Case[] = [
  { what: 'a plain name', field: 'name', value: 'Ada Okafor', accepted: true },
  { what: 'a Hangul name', field: 'name', value: '김혜숙', accepted: true },
  { what: 'a Polish name', field: 'name', value: 'Łukasz Wróbel', accepted: true },
  { what: 'a name of the longest length', field: 'name', value: 'n'.repeat(NAME_MAX), accepted: true },
  { what: 'a name one character too long', field: 'name', value: 'n'.repeat(NAME_MAX + 1), accepted: false },
  { what: 'no name', field: 'name', value: '', accepted: false },
  { what: 'a name of spaces only', field: 'name', value: '   ', accepted: false },
  { what: 'a name on two lines', field: 'name', value: 'Ada\nOkafor', accepted: false },
  { what: 'a name with a tab', field: 'name', value: 'Ada\tOkafor', accepted: false },
  { what: 'a name with a bell character', field: 'name', value: 'Ada\u0007', accepted: false },
  { what: 'a name with a bidirectional override (removed)', field: 'name', value: 'Ada\u202E Okafor', accepted: true },
  { what: 'a name in Arabic script (no font)', field: 'name', value: 'أمل', accepted: false },
  { what: 'a name with an emoji', field: 'name', value: 'Ada 🙏', accepted: false },
  { what: 'no address', field: 'address', value: '', accepted: true },
  { what: 'an address of the most lines', field: 'address', value: lines(ADDRESS_LINES_MAX), accepted: true },
  { what: 'an address with a line too many', field: 'address', value: lines(ADDRESS_LINES_MAX + 1), accepted: false },
  { what: 'an address line of the longest length', field: 'address', value: `1 ${'a'.repeat(ADDRESS_LINE_MAX - 2)}\nCity`, accepted: true },
  { what: 'an address line one character too long', field: 'address', value: `1 ${'a'.repeat(ADDRESS_LINE_MAX - 1)}\nCity`, accepted: false },
  { what: 'an address with a NUL byte', field: 'address', value: '1 Main St\u0000\nCity', accepted: false },
  { what: 'an address in Hebrew script (no font)', field: 'address', value: 'רחוב 1\nCity', accepted: false },
  { what: 'no own words', field: 'ownWords', value: '', accepted: true },
  { what: 'own words in two paragraphs', field: 'ownWords', value: 'I care.\n\nPlease listen.', accepted: true },
  { what: 'own words of the longest length', field: 'ownWords', value: 'w'.repeat(2000), accepted: true },
  { what: 'own words one character too long', field: 'ownWords', value: 'w'.repeat(2001), accepted: false },
  { what: 'own words with an escape character', field: 'ownWords', value: 'I care \u001b[31m', accepted: false },
  { what: 'own words with an emoji', field: 'ownWords', value: 'Thank you 🙏', accepted: false },
  { what: 'no optional paragraph', field: 'paragraphs', value: '', accepted: true },
  { what: 'an optional paragraph', field: 'paragraphs', value: 'let-unhcr-help', accepted: true },
  { what: 'two optional paragraphs', field: 'paragraphs', value: 'let-unhcr-help;chance-for-reform', accepted: true },
  { what: 'an unknown paragraph', field: 'paragraphs', value: 'free-everyone', accepted: false },
  { what: 'a required paragraph as if optional', field: 'paragraphs', value: 'do-not-send-back', accepted: false },
];

let campaign: Campaign;
let form: ReturnType<typeof letterFormSchema>;

beforeAll(async () => {
  const catalog = await loadCatalog(REAL_CONTENT_DIR);
  campaign = catalog.getCampaign('stop-forced-return')!;
  expect(campaign.letter.ownWordsMaxLength).toBe(2000);
  form = letterFormSchema(campaign, catalog.offeredOffices(campaign), []);
});

// Every row has at least one cell filled in besides the one under test: a sheet skips a wholly blank row.
const SIGNER = { name: 'Ada Okafor', address: '', ownWords: '', paragraphs: 'let-unhcr-help' };

/** The fields the campaign form refuses, for a form with `field` set to `value` and everything else fine. */
function formRefuses({ field, value }: Case): string[] {
  const row = { ...SIGNER, [field]: value };
  const input = { ...row, offices: SEED_OFFICES, paperSize: 'letter', paragraphs: row.paragraphs.split(';').filter(Boolean) };
  const parsed = form.safeParse(input);
  return parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
}

const cell = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** The columns the sheet reader refuses, for a one-signer sheet with `field` set to `value`. */
async function sheetRefuses({ field, value }: Case): Promise<string[]> {
  const row = { ...SIGNER, [field]: value };
  const text = ['name,address,own words,paragraphs', [row.name, row.address, row.ownWords, row.paragraphs].map(cell).join(',')].join('\n');
  const result = await readSignerSheet(text, campaign);
  const byHeading: Record<string, Field> = { name: 'name', address: 'address', 'own words': 'ownWords', paragraphs: 'paragraphs' };
  return result.ok ? [] : [...new Set(result.problems.map((p) => byHeading[p.column ?? ''] ?? `row: ${p.message}`))];
}

describe('the letter form and the sign-up sheet apply the same rules', () => {
  it.each(CASES)('$what ($field): accepted = $accepted by both', async (c) => {
    const expected = c.accepted ? [] : [c.field];
    expect({ form: formRefuses(c), sheet: await sheetRefuses(c) }).toEqual({ form: expected, sheet: expected });
  });
});
