/**
 * What a supporter types is plain text. Bidirectional overrides and isolates are removed: they are invisible and
 * can make a printed line read differently from what was typed. Other control characters (a NUL byte, escape
 * sequences) are rejected rather than silently dropped, so that nothing the supporter meant is lost unseen.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const NEWLINE_OR_TAB = /[\n\t]/;

export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').replace(BIDI_CONTROLS, '');
}

export function hasControlCharacters(value: string, { multiline }: { multiline: boolean }): boolean {
  return CONTROL_EXCEPT_NEWLINE_TAB.test(value) || (!multiline && NEWLINE_OR_TAB.test(value));
}

/** Lines of a multi-line field, trimmed, without empty ones. */
export function toLines(value: string): string[] {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Paragraphs of free text: separated by blank lines; single line breaks inside a paragraph become spaces. */
export function toParagraphs(value: string): string[] {
  return value
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0);
}
