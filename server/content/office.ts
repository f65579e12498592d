import { z } from 'zod';

const isoDate = z.iso.date();

/** One diplomatic office in the address book (templates/offices/*.json). */
export const officeSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'use lower-case letters, digits and dashes'),
    name: z.string().min(3).max(200),
    /** Short name of the place, shown in the form and the address list ("New York"). */
    city: z.string().min(1).max(100),
    kind: z.enum(['embassy', 'consulate-general']),
    /** ISO 3166-1 alpha-2 code of the country the office is in. */
    country: z.string().regex(/^[A-Z]{2}$/),
    /** Postal address exactly as it goes on an envelope, first line = the office's name. */
    addressLines: z.array(z.string().min(1).max(120)).min(3).max(8),
    phone: z.string().max(40).optional(),
    fax: z.string().max(40).optional(),
    /** Why the fax number may be wrong, when sources disagree: the research note, shown on the next-steps page. */
    faxNote: z.string().max(300).optional(),
    /** Other fax numbers sources give, for a supporter to try if the first fails: what the printed address page says. */
    faxAlsoReported: z.array(z.string().min(1).max(40)).max(5).optional(),
    /** Never invented: left out where no published address could be confirmed. */
    email: z.email().optional(),
    /** Codes of the states and territories this office serves ("CA" may appear in two offices). */
    consularDistrict: z.array(z.string().regex(/^[A-Z]{2}$/)).default([]),
    status: z.discriminatedUnion('state', [
      z.object({ state: z.literal('open') }),
      z.object({ state: z.literal('closed'), closedOn: isoDate, note: z.string().max(300).optional() }),
    ]),
    source: z.string().min(3).max(500),
    lastChecked: isoDate,
  })
  .strict();

export type Office = z.infer<typeof officeSchema>;

export const officeFileSchema = z.array(officeSchema).min(1);

/** Whether a letter can be faxed to this office: it has a fax number. */
export const hasFax = (office: Pick<Office, 'fax'>) => (office.fax ?? '').trim() !== '';

/** Whether a letter can be emailed to this office: it has a published email address. */
export const hasEmail = (office: Pick<Office, 'email'>) => (office.email ?? '').trim() !== '';

export function isOpen(office: Office): boolean {
  return office.status.state === 'open';
}

/** "Embassy" or "Consulate-General", as the pages name an office's kind. */
export const officeKindName = (office: Pick<Office, 'kind'>) => (office.kind === 'embassy' ? 'Embassy' : 'Consulate-General');

/** "Consulate-General, Chicago": how the pages name an office. */
export const officeTitle = (office: Pick<Office, 'kind' | 'city'>) => `${officeKindName(office)}, ${office.city}`;
