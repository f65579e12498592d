/**
 * An application/x-www-form-urlencoded body, parsed as browsers encode it (WHATWG URL standard), except that a name
 * or value which is not UTF-8 text is refused, naming its field, instead of being turned into replacement marks
 * (U+FFFD) that would be printed in a signed letter. A repeated name gives a list, in the order sent.
 */
export type FormFields = Record<string, string | string[]>;

export class FormNotTextError extends Error {
  constructor(readonly field: string) {
    super(`The field "${field}" is not UTF-8 text.`);
    this.name = 'FormNotTextError';
  }
}

const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const SPACE = 0x20;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/** Percent-decoded bytes as text, or undefined when they are not UTF-8. */
function decode(body: Uint8Array, start: number, end: number): string | undefined {
  const bytes = new Uint8Array(end - start);
  let length = 0;
  for (let i = start; i < end; i++) {
    const byte = body[i]!;
    if (byte === PLUS) bytes[length++] = SPACE;
    else if (byte === PERCENT && i + 2 < end && hexValue(body[i + 1]!) >= 0 && hexValue(body[i + 2]!) >= 0) {
      bytes[length++] = hexValue(body[i + 1]!) * 16 + hexValue(body[i + 2]!);
      i += 2;
    } else bytes[length++] = byte;
  }
  try {
    return utf8.decode(bytes.subarray(0, length));
  } catch {
    return undefined;
  }
}

export function parseFormBody(body: Uint8Array): FormFields {
  const fields: FormFields = Object.create(null) as FormFields;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(AMPERSAND, start);
    if (end < 0) end = body.length;
    if (end > start) {
      let equals = body.indexOf(EQUALS, start);
      if (equals < 0 || equals > end) equals = end;
      const name = decode(body, start, equals);
      if (name === undefined) throw new FormNotTextError('(a field name)');
      const value = equals < end ? decode(body, equals + 1, end) : '';
      if (value === undefined) throw new FormNotTextError(name);
      const existing = fields[name];
      if (existing === undefined) fields[name] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else fields[name] = [existing, value];
    }
    start = end + 1;
  }
  return fields;
}
