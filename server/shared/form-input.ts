/**
 * An HTML form as the browser sent it: every field a string or, for repeated checkboxes, a list of strings. Fields
 * may also be missing, or (multipart) a file's bytes. Every form schema reads its fields through these two helpers.
 */
export type RawForm = Record<string, unknown>;

/** A form field as a list: a repeated checkbox arrives as an array, a single one as a string. */
export const asList = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

/** A form field as text, whatever shape it arrived in. */
export const asText = (value: unknown): string =>
  Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '';
