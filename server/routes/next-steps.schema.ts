import { z } from 'zod';
import type { Campaign } from '../campaigns/schema.ts';
import { composeLetterPack } from '../letters/compose.ts';
import type { Office } from '../offices/schema.ts';
import type { LetterPack } from '../pdf/index.ts';
import { CHANNELS, PACK_KINDS, type Channel } from '../counts/metrics.ts';
import { emailAddressSchema } from '../mail/address.ts';
import type { CampaignRules } from './campaign-lookup.ts';
import { asList, asText, type LetterForm, type RawLetterForm } from './letter-form.schema.ts';

/**
 * The next-steps page keeps the supporter's letter in the page itself, as a hidden field, and every button on it
 * posts the letter back: nothing is stored between requests. What comes back is checked by the same rules as the
 * form, because a page can be edited like any other input.
 */
export interface ComposedLetter {
  form: LetterForm;
  offices: Office[];
}

/** The letter pack a composed letter makes, dated `date`. */
export function letterPackOf(campaign: Campaign, { form, offices }: ComposedLetter, date: Date): LetterPack {
  return composeLetterPack(
    campaign,
    { name: form.name, address: form.address, ownWords: form.ownWords, paragraphIds: form.paragraphs, offices, paperSize: form.paperSize },
    date,
  );
}

/** What the hidden field holds: the checked form with the offices resolved, as JSON. */
export function carryLetter({ form, offices }: ComposedLetter): string {
  return JSON.stringify({
    name: form.name,
    address: form.address,
    ownWords: form.ownWords,
    paragraphs: form.paragraphs,
    offices: offices.map((o) => o.id),
    paperSize: form.paperSize,
  });
}

/** The letter posted back by a next-steps button, or undefined when it is missing or does not pass the form's rules. */
export function readCarriedLetter(raw: unknown, rules: CampaignRules): ComposedLetter | undefined {
  let carried: unknown;
  try {
    carried = JSON.parse(asText(raw));
  } catch {
    return undefined;
  }
  if (typeof carried !== 'object' || carried === null || Array.isArray(carried)) return undefined;
  const parsed = rules.letter.safeParse({ ...(carried as RawLetterForm), recipients: 'chosen', state: '' });
  if (!parsed.success) return undefined;
  const chosen = new Set(parsed.data.offices);
  return { form: parsed.data, offices: rules.offered.filter((o) => chosen.has(o.id)) };
}

export const packKindSchema = z.preprocess((value) => asText(value) || 'letter', z.enum(PACK_KINDS));

export interface TallyChoice {
  channel: Channel;
  officeId: string;
}

const TALLY = new RegExp(`^(${CHANNELS.join('|')}):([a-z0-9-]{1,80})$`);

/** "posted:consulate-chicago" → the channel and office, or undefined. */
export function parseTally(value: unknown): TallyChoice | undefined {
  const match = TALLY.exec(asText(value));
  return match ? { channel: match[1] as Channel, officeId: match[2]! } : undefined;
}

export const tallyValue = ({ channel, officeId }: TallyChoice) => `${channel}:${officeId}`;

/** Whether an office can be reached on a channel at all (nobody faxes an office without a fax number). */
export function officeTakes(office: Office, channel: Channel): boolean {
  if (channel === 'faxed') return Boolean(office.fax);
  if (channel === 'emailed') return Boolean(office.email);
  return true;
}

/**
 * Which tallies the page already shows as counted, so that a page re-drawn without JavaScript keeps its ticks.
 * Only for display: whether a tally counts is decided by the once-store, not by this list.
 */
export function parseCounted(value: unknown): string[] {
  return asList(value)
    .flatMap((v) => v.split(' '))
    .filter((v) => TALLY.test(v) || v === 'email')
    .slice(0, 50);
}

export const supporterEmailSchema = z.object({ email: emailAddressSchema });
