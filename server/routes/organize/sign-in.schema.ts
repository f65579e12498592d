import { z } from 'zod';
import { asText } from '../../shared/form-input.ts';

/** Where to go after signing in: only a page of the organizer area, never another site (`//evil.example`). */
export function safeNextPath(value: unknown): string | undefined {
  const path = asText(value);
  return /^\/organize(?:[/?][^\\\s]*)?$/.test(path) && !path.startsWith('/organize//') ? path : undefined;
}

export const signInSchema = z.object({
  // Not trimmed: a password may end in a space. Anything absent or odd is simply a wrong credential.
  credential: z.preprocess(asText, z.string()).catch(''),
  next: z.preprocess(safeNextPath, z.string().optional()).catch(undefined),
});
