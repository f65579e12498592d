import type { Translate } from '../i18n/messages.ts';
import { z } from 'zod';
import { countryName } from './countries.ts';

const isoDate = z.iso.date();

/** How sure the address book is of a value: two independent sources, one good one, or only third-party or old ones. */
export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
const confidence = z.enum(CONFIDENCE_LEVELS);

/**
 * One diplomatic office in the address book (templates/offices/<country>.json). An office is offered to supporters
 * only when it is open: its address complete and its confidence medium or high. Anything less is kept as
 * "unverified", with what is missing, until an organizer confirms it.
 */
export const officeSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'use lower-case letters, digits and dashes'),
    name: z.string().min(3).max(200),
    /** Short name of the place, shown in the form and the address list ("New York"). */
    city: z.string().min(1).max(100),
    kind: z.enum(['embassy', 'consulate-general']),
    /** ISO 3166-1 alpha-2 code of the country the office is in. */
    country: z.string().regex(/^[A-Z]{2}$/),
    /**
     * Postal address as it goes on an envelope posted inside the country, first line = the office's name. The
     * country's name is added under it for a letter posted from abroad (postalLines).
     */
    addressLines: z.array(z.string().min(1).max(120)).max(8),
    phone: z.string().max(40).optional(),
    fax: z.string().max(40).optional(),
    /** Why the fax number may be wrong, when sources disagree: the research note, shown on the next-steps page. */
    faxNote: z.string().max(300).optional(),
    /** Other fax numbers sources give, for a supporter to try if the first fails: what the printed address page says. */
    faxAlsoReported: z.array(z.string().min(1).max(40)).max(5).optional(),
    /** Never invented: left out where no published address could be confirmed. */
    email: z.email().optional(),
    /** ISO 3166-2 codes of the states, provinces or territories the office serves, where its district is known. */
    regions: z.array(z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'an ISO 3166-2 code such as "US-CA" or "CA-ON"')).default([]),
    /** How sure the book is of the address and of each number it gives. */
    confidence: z
      .object({ address: confidence, phone: confidence.optional(), fax: confidence.optional(), email: confidence.optional() })
      .strict(),
    status: z.discriminatedUnion('state', [
      z.object({ state: z.literal('open') }).strict(),
      z.object({ state: z.literal('closed'), closedOn: isoDate, note: z.string().max(300).optional() }).strict(),
      /** Recorded, never offered: `missing` says what an organizer must confirm before setting it open. */
      z.object({ state: z.literal('unverified'), missing: z.string().min(3).max(300) }).strict(),
    ]),
    source: z.string().min(3).max(800),
    lastChecked: isoDate,
  })
  .strict()
  .superRefine((office, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    office.regions.forEach((code, i) => {
      if (!code.startsWith(`${office.country}-`)) issue(['regions', i], `"${code}" is not a region of ${office.country}`);
    });
    if (office.status.state === 'unverified') return;
    // What a supporter may be offered: a whole address, from at least one good source.
    if (office.addressLines.length < 2) issue(['addressLines'], 'an open or closed office needs its whole postal address; mark it unverified otherwise');
    if (office.status.state === 'open' && office.confidence.address === 'low') {
      issue(['confidence', 'address'], 'an address known only from low-confidence sources is not offered: mark the office unverified');
    }
    for (const field of ['phone', 'fax', 'email'] as const) {
      if (office[field] && !office.confidence[field]) issue(['confidence', field], `say how sure the ${field} is (high, medium or low)`);
    }
  });

export type Office = z.infer<typeof officeSchema>;

export const officeFileSchema = z.array(officeSchema).min(1);

/** Every office has one of these states; only an open one is offered or accepted. */
export type OfficeState = Office['status']['state'];

/** Whether a letter can be faxed to this office: it has a fax number. */
export const hasFax = (office: Pick<Office, 'fax'>) => (office.fax ?? '').trim() !== '';

/** Whether a letter can be emailed to this office: it has a published email address. */
export const hasEmail = (office: Pick<Office, 'email'>) => (office.email ?? '').trim() !== '';

/** Whether the office has an address to print: not one whose letter is addressed by hand (unaddressedOffice). */
export const hasPostalAddress = (office: Pick<Office, 'addressLines'>) => office.addressLines.length > 0;

/**
 * The office's address as it goes on a letter or an envelope posted from `from`: from abroad, its country's name is
 * added as the last line, in capitals (as the Universal Postal Union asks); inside the country, no country line.
 */
export function postalLines(office: Pick<Office, 'addressLines' | 'country'>, from: string | undefined): string[] {
  if (!from || from === office.country || !hasPostalAddress(office)) return office.addressLines;
  return [...office.addressLines, countryName(office.country, 'en').toUpperCase()];
}

/** The office as a pack posted from `from` prints it. */
export const asPostedFrom = (from: string | undefined) => (office: Office): Office => ({ ...office, addressLines: postalLines(office, from) });

export function isOpen(office: Office): boolean {
  return office.status.state === 'open';
}

/** "Consulate-General, Chicago": how the pages name an office, in the page's language (the city is data). */
export const officeName = (t: Translate, office: Pick<Office, 'kind' | 'city'>): string =>
  t(office.kind === 'embassy' ? 'site.office.embassy' : 'site.office.consulateGeneral', { city: office.city });
