import { z } from 'zod';
import type { Translate } from '../i18n/messages.ts';
import { emailAddressProblem, emailAddressSchema, MAX_EMAIL_ADDRESS_LENGTH } from '../mail/address.ts';
import { PACK_KINDS } from '../pdf/index.ts';
import { asText } from '../shared/form-input.ts';

/** Which PDF a download button asks for: the letters unless it says otherwise. */
export const packKindSchema = z.preprocess((value) => asText(value) || 'letter', z.enum(PACK_KINDS));

export const supporterEmailSchema = z.object({ email: emailAddressSchema });

/** What to tell the supporter about the address they typed, in the page's language: the first problem found. */
export function emailAddressError(t: Translate, error: z.ZodError): string {
  const problem = emailAddressProblem(error.issues[0]?.message) ?? 'other';
  return t(`next-steps.emailMe.addressErrors.${problem}`, { max: MAX_EMAIL_ADDRESS_LENGTH });
}
