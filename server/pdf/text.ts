import { advanceOf, chainFor, hasGlyph, type FaceId, type Style } from './fonts.ts';

/** A stretch of one line drawn in one face; `width` in points. */
export interface Run {
  face: FaceId;
  text: string;
  width: number;
}

export interface Line {
  runs: Run[];
  width: number;
}

export interface TextStyle {
  style: Style;
  size: number;
  /** Cache measured widths across requests: only for campaign and office text, never the supporter's. */
  cache: boolean;
}

const REPLACEMENT = '\uFFFD';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ODD_SPACE = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F]/g;
// Control and format characters (bidi marks, zero-width joiners, soft hyphens...) draw nothing useful.
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** Text as it will be typeset: NFC, "\n" as the only line break, no control characters, no lone surrogates. */
export function plainText(input: string): string {
  return input
    .replace(LONE_SURROGATE, REPLACEMENT)
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(ODD_SPACE, ' ')
    .replace(INVISIBLE, (c) => (c === '\n' ? c : ''));
}

/** Spaces, punctuation, digits and symbols take the face of the text around them. */
const NEUTRAL = /[\s\p{P}\p{N}\p{S}]/u;
const MARK = /\p{M}/u;

interface Glyphs {
  chars: string[];
  faces: FaceId[];
}

function baseFace(chain: readonly FaceId[], cp: number): FaceId | undefined {
  for (const id of chain) if (hasGlyph(id, cp)) return id;
  return undefined;
}

/**
 * Assigns each character a face from the style's fallback chain. A run of characters the primary
 * face lacks is set in one fallback face when one covers it all, so a name does not mix Korean
 * and Chinese designs. Characters no face has become U+FFFD (several in a row become one).
 */
function assignFaces(text: string, style: Style): Glyphs {
  const chain = chainFor(style);
  const primary = chain[0]!;
  const chars = Array.from(text);

  let allPrimary = true;
  for (const c of chars) {
    if (!hasGlyph(primary, c.codePointAt(0)!)) {
      allPrimary = false;
      break;
    }
  }
  if (allPrimary) return { chars, faces: chars.map(() => primary) };

  // Pass 1: non-neutral characters get their first covering face; unknown ones become U+FFFD.
  const outChars: string[] = [];
  const faces: (FaceId | undefined)[] = [];
  const neutral: boolean[] = [];
  for (const c of chars) {
    const cp = c.codePointAt(0)!;
    const isNeutral = NEUTRAL.test(c) || MARK.test(c);
    const face = baseFace(chain, cp);
    if (face === undefined) {
      if (outChars[outChars.length - 1] === REPLACEMENT) continue;
      if (!hasGlyph(primary, REPLACEMENT.codePointAt(0)!)) continue;
      outChars.push(REPLACEMENT);
      faces.push(primary);
      neutral.push(false);
      continue;
    }
    outChars.push(c);
    faces.push(isNeutral ? undefined : face);
    neutral.push(isNeutral);
  }

  // Pass 2: one fallback face per stretch of non-primary letters (neutral characters may sit inside).
  let i = 0;
  while (i < outChars.length) {
    if (neutral[i] || faces[i] === primary) {
      i++;
      continue;
    }
    let end = i;
    let last = i;
    while (end < outChars.length && (neutral[end] || faces[end] !== primary)) {
      if (!neutral[end]) last = end;
      end++;
    }
    const letters: number[] = [];
    for (let k = i; k <= last; k++) if (!neutral[k]) letters.push(outChars[k]!.codePointAt(0)!);
    const shared = chain.slice(1).find((id) => letters.every((cp) => hasGlyph(id, cp)));
    if (shared) for (let k = i; k <= last; k++) if (!neutral[k]) faces[k] = shared;
    i = last + 1;
  }

  // Pass 3: neutral characters and combining marks follow the previous letter, else the next one.
  const resolved: FaceId[] = new Array(outChars.length);
  let previous: FaceId | undefined;
  for (let k = 0; k < outChars.length; k++) {
    const own = faces[k];
    if (own !== undefined) {
      resolved[k] = own;
      previous = own;
      continue;
    }
    const cp = outChars[k]!.codePointAt(0)!;
    let next: FaceId | undefined;
    for (let n = k + 1; n < outChars.length && next === undefined; n++) next = faces[n];
    const face =
      (previous && hasGlyph(previous, cp) && previous) ||
      (next && hasGlyph(next, cp) && next) ||
      baseFace(chain, cp) ||
      primary;
    resolved[k] = face;
    if (MARK.test(outChars[k]!)) previous = face;
  }
  return { chars: outChars, faces: resolved };
}

/** Splits text into runs of one face each (no measuring). */
export function splitRuns(text: string, style: Style): { face: FaceId; text: string }[] {
  const { chars, faces } = assignFaces(text, style);
  const runs: { face: FaceId; text: string }[] = [];
  for (let k = 0; k < chars.length; k++) {
    const last = runs[runs.length - 1];
    if (last && last.face === faces[k]) last.text += chars[k];
    else runs.push({ face: faces[k]!, text: chars[k]! });
  }
  return runs;
}

// Line breaking. Breaks come after spaces, after a hyphen between letters, and between CJK characters
// (except before closing or after opening punctuation). Hangul words are separated by spaces.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF]/u;
const NO_LINE_START = new Set(Array.from('、。，．：；！？）」』】〕〉》〙〗〛ー・,.;:!?)]}’”%'));
const NO_LINE_END = new Set(Array.from('（「『【〔〈《〘〖〚([{‘“'));
const LETTER = /\p{L}/u;

function breakAfter(chars: string[], k: number): boolean {
  const a = chars[k]!;
  const b = chars[k + 1];
  if (b === undefined) return true;
  if (a === ' ') return b !== ' ';
  if (b === ' ') return false;
  if (a === '-' && k > 0 && LETTER.test(chars[k - 1]!) && LETTER.test(b)) return true;
  if ((CJK.test(a) || CJK.test(b)) && !NO_LINE_START.has(b) && !NO_LINE_END.has(a)) return true;
  return false;
}

interface Piece {
  face: FaceId;
  text: string;
  width: number;
}

interface Chunk {
  pieces: Piece[];
  width: number;
  /** Width of trailing spaces, which do not count at the end of a line. */
  trailing: number;
}

function measureChunk(chars: string[], faces: FaceId[], from: number, to: number, ts: TextStyle): Chunk {
  const pieces: Piece[] = [];
  let width = 0;
  for (let k = from; k < to; ) {
    const face = faces[k]!;
    let end = k;
    let text = '';
    while (end < to && faces[end] === face) text += chars[end++];
    const w = (advanceOf(face, text, ts.cache) * ts.size) / 1000;
    pieces.push({ face, text, width: w });
    width += w;
    k = end;
  }
  let trailing = 0;
  const lastPiece = pieces[pieces.length - 1];
  if (lastPiece && lastPiece.text.endsWith(' ')) {
    const spaces = lastPiece.text.length - lastPiece.text.trimEnd().length;
    trailing = (spaces * advanceOf(lastPiece.face, ' ', true) * ts.size) / 1000;
  }
  return { pieces, width, trailing };
}

/** Cuts a chunk wider than the line into pieces that fit, character by character. */
function splitOverlong(chunk: Chunk, maxWidth: number, ts: TextStyle): Chunk[] {
  const out: Chunk[] = [];
  let current: Piece[] = [];
  let width = 0;
  const flush = () => {
    if (current.length) out.push({ pieces: current, width, trailing: 0 });
    current = [];
    width = 0;
  };
  for (const piece of chunk.pieces) {
    for (const c of Array.from(piece.text)) {
      const w = (advanceOf(piece.face, c, ts.cache) * ts.size) / 1000;
      if (width + w > maxWidth && current.length) flush();
      const last = current[current.length - 1];
      if (last && last.face === piece.face) {
        last.text += c;
        last.width += w;
      } else current.push({ face: piece.face, text: c, width: w });
      width += w;
    }
  }
  flush();
  const last = out[out.length - 1];
  if (last) last.trailing = chunk.trailing;
  return out;
}

function toLine(chunks: Chunk[]): Line {
  const runs: Run[] = [];
  for (const chunk of chunks) {
    for (const piece of chunk.pieces) {
      const last = runs[runs.length - 1];
      if (last && last.face === piece.face) {
        last.text += piece.text;
        last.width += piece.width;
      } else runs.push({ ...piece });
    }
  }
  const lastChunk = chunks[chunks.length - 1];
  const lastRun = runs[runs.length - 1];
  if (lastChunk && lastRun) {
    lastRun.text = lastRun.text.trimEnd();
    lastRun.width -= lastChunk.trailing;
    if (!lastRun.text) runs.pop();
  }
  return { runs, width: runs.reduce((sum, r) => sum + r.width, 0) };
}

/** Wraps one paragraph (already plain text; "\n" forces a line break) into lines no wider than maxWidth. */
export function wrapText(text: string, maxWidth: number, ts: TextStyle): Line[] {
  const lines: Line[] = [];
  for (const hardLine of text.split('\n')) {
    const trimmed = hardLine.replace(/ {2,}/g, ' ').trim();
    if (!trimmed) {
      lines.push({ runs: [], width: 0 });
      continue;
    }
    const { chars, faces } = assignFaces(trimmed, ts.style);
    let current: Chunk[] = [];
    let width = 0;
    let start = 0;
    for (let k = 0; k < chars.length; k++) {
      if (!breakAfter(chars, k)) continue;
      const chunk = measureChunk(chars, faces, start, k + 1, ts);
      start = k + 1;
      const pieces = chunk.width - chunk.trailing > maxWidth ? splitOverlong(chunk, maxWidth, ts) : [chunk];
      for (const piece of pieces) {
        if (current.length && width + piece.width - piece.trailing > maxWidth) {
          lines.push(toLine(current));
          current = [];
          width = 0;
        }
        current.push(piece);
        width += piece.width;
      }
    }
    if (current.length) lines.push(toLine(current));
  }
  return lines;
}

/** A single line, never wrapped (for short labels); wider text is still drawn in full. */
export function singleLine(text: string, ts: TextStyle): Line {
  return wrapText(plainText(text).replace(/\n/g, ' '), Number.POSITIVE_INFINITY, ts)[0] ?? { runs: [], width: 0 };
}

/** Characters of `text` that no embedded font can draw (they print as U+FFFD). For form validation. */
export function unsupportedCharacters(text: string, style: Style = 'regular'): string[] {
  const chain = chainFor(style);
  const missing = new Set<string>();
  for (const c of plainText(text)) {
    if (c === '\n') continue;
    if (baseFace(chain, c.codePointAt(0)!) === undefined) missing.add(c);
  }
  return [...missing];
}
