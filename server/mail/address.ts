// The supporter's own email address, for "Email me my letter". It becomes the one recipient of one
// message and the To header of that message, so anything that could add a header, a second recipient
// or a display name is refused here, each with a message that says what to fix.
import { z } from 'zod';

/** The longest address SMTP can carry (RFC 5321: a 256-octet path, less the angle brackets). */
export const MAX_EMAIL_ADDRESS_LENGTH = 254;

const REQUIRED = 'Enter your email address, like name@example.org.';

export const EMAIL_ADDRESS_MESSAGES = {
  required: REQUIRED,
  tooLong: `That is too long for an email address: an address has at most ${MAX_EMAIL_ADDRESS_LENGTH} characters.`,
  whitespace: 'An email address has no spaces or line breaks. Please check what you typed.',
  oneAddress: 'Enter one email address only, without a name, commas, semicolons or < >.',
  format: 'Enter a whole email address, like name@example.org.',
} as const;

/**
 * Parses the address a supporter typed. Spaces typed by accident before or after it are dropped;
 * any other whitespace (a tab, a line break, a space inside) is an error, so a value such as
 * "me@example.org\r\nBcc: someone@example.org" can never reach a header. Every check stops at the
 * first problem so the person sees one message, the one that fits.
 */
export const emailAddressSchema = z
  .string({ error: REQUIRED })
  // Only plain spaces: String.prototype.trim() would also drop a trailing CR/LF, which must be refused.
  .overwrite((value) => value.replace(/^ +| +$/g, ''))
  .min(1, { error: EMAIL_ADDRESS_MESSAGES.required, abort: true })
  .max(MAX_EMAIL_ADDRESS_LENGTH, { error: EMAIL_ADDRESS_MESSAGES.tooLong, abort: true })
  .refine((value) => !/[\s\u0085\u2028\u2029]/u.test(value), { error: EMAIL_ADDRESS_MESSAGES.whitespace, abort: true })
  .refine((value) => !/[,;<>]/.test(value), { error: EMAIL_ADDRESS_MESSAGES.oneAddress, abort: true })
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { error: EMAIL_ADDRESS_MESSAGES.format, abort: true })
  .refine((value) => /^[^@]+@[^@]+\.[^@.]+$/.test(value), { error: EMAIL_ADDRESS_MESSAGES.format, abort: true })
  .pipe(z.email({ error: EMAIL_ADDRESS_MESSAGES.format }));

export type EmailAddress = z.output<typeof emailAddressSchema>;
