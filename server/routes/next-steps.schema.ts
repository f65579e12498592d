import { z } from 'zod';
import { emailAddressSchema } from '../mail/address.ts';
import { PACK_KINDS } from '../pdf/index.ts';
import { asText } from '../shared/form-input.ts';

/** Which PDF a download button asks for: the letters unless it says otherwise. */
export const packKindSchema = z.preprocess((value) => asText(value) || 'letter', z.enum(PACK_KINDS));

export const supporterEmailSchema = z.object({ email: emailAddressSchema });
