// The supporter's own email address, for "Email me my letter". It becomes the one recipient of one
// message and the To header of that message, so anything that could add a header, a second recipient
// or a display name is refused here, each with a problem that says what to fix.
import { z } from 'zod';

/** The longest address SMTP can carry (RFC 5321: a 256-octet path, less the angle brackets). */
export const MAX_EMAIL_ADDRESS_LENGTH = 254;

/**
 * What can be wrong with a typed address. Each issue of emailAddressSchema has one of these as its message; the page
 * words it in the supporter's language (next-steps.emailMe.addressErrors.<problem>, with `max` for tooLong).
 */
export const EMAIL_ADDRESS_PROBLEMS = ['required', 'tooLong', 'whitespace', 'oneAddress', 'format'] as const;
export type EmailAddressProblem = (typeof EMAIL_ADDRESS_PROBLEMS)[number];

const problem = (name: EmailAddressProblem) => name;

/** The problem an issue of emailAddressSchema names, or undefined for an issue that is not one of ours. */
export const emailAddressProblem = (message: string | undefined): EmailAddressProblem | undefined =>
  (EMAIL_ADDRESS_PROBLEMS as readonly string[]).includes(message ?? '') ? (message as EmailAddressProblem) : undefined;

/**
 * Parses the address a supporter typed. Spaces typed by accident before or after it are dropped;
 * any other whitespace (a tab, a line break, a space inside) is an error, so a value such as
 * "me@example.org\r\nBcc: someone@example.org" can never reach a header. Every check stops at the
 * first problem so the person sees one message, the one that fits.
 */
export const emailAddressSchema = z
  .string({ error: problem('required') })
  // Only plain spaces: String.prototype.trim() would also drop a trailing CR/LF, which must be refused.
  .overwrite((value) => value.replace(/^ +| +$/g, ''))
  .min(1, { error: problem('required'), abort: true })
  .max(MAX_EMAIL_ADDRESS_LENGTH, { error: problem('tooLong'), abort: true })
  .refine((value) => !/[\s\u0085\u2028\u2029]/u.test(value), { error: problem('whitespace'), abort: true })
  .refine((value) => !/[,;<>]/.test(value), { error: problem('oneAddress'), abort: true })
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { error: problem('format'), abort: true })
  .refine((value) => /^[^@]+@[^@]+\.[^@.]+$/.test(value), { error: problem('format'), abort: true })
  .pipe(z.email({ error: problem('format') }));

export type EmailAddress = z.output<typeof emailAddressSchema>;
