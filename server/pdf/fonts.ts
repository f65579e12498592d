import * as fontkit from 'fontkit';
import { FONT_FILES, fontFileReader, resolveFontFile, type SharedFontFiles } from './font-files.ts';

/**
 * The embedded fonts. Each file is read and parsed once per process and the parsed fontkit object
 * is handed to every PDFKit document (PDFKit accepts a fontkit font as a font source), so a
 * document never re-parses a font. The CJK fonts (5 to 10 MB each) are loaded only when some text
 * first needs them, and a document only embeds the faces it actually draws with.
 *
 * Han characters are drawn differently in Korea, Japan, and Simplified and Traditional Chinese: the CJK face tried
 * first follows the text's language (setScriptPreference), so a Japanese letter is set in Noto Sans JP and its
 * Chinese translation in Noto Sans SC. Headings (bold) have bold CJK faces; no CJK face has an italic, so italic
 * CJK text is set upright, as CJK typesetting does.
 */
export type FaceId = keyof typeof FONT_FILES;
export type Style = 'regular' | 'bold' | 'italic';

const FACE_IDS = Object.keys(FONT_FILES) as FaceId[];
const BIT = Object.fromEntries(FACE_IDS.map((id, i) => [id, 1 << i])) as Record<FaceId, number>;

/** Which CJK design Han characters take: the text's language's, else Korean's then Chinese's (as before languages). */
export type ScriptPreference = 'ko' | 'ja' | 'zh-Hans' | 'zh-Hant';
// Every order holds all four, so every preference can draw the same characters (the form checks against them); the
// later faces are loaded only when a character is missing from the earlier ones.
const CJK_ORDER: Record<ScriptPreference, readonly ('KR' | 'SC' | 'JP' | 'TC')[]> = {
  ko: ['KR', 'SC', 'JP', 'TC'],
  ja: ['JP', 'KR', 'SC', 'TC'],
  'zh-Hans': ['SC', 'KR', 'JP', 'TC'],
  'zh-Hant': ['TC', 'KR', 'SC', 'JP'],
};
const LATIN: Record<Style, FaceId> = { regular: 'serif', bold: 'serifBold', italic: 'serifItalic' };
const chainOf = (style: Style, preference: ScriptPreference): readonly FaceId[] => [
  LATIN[style],
  ...CJK_ORDER[preference].map((script) => `sans${script}${style === 'bold' ? 'Bold' : ''}` as FaceId),
];
const CHAIN_TABLE = Object.fromEntries(
  (Object.keys(CJK_ORDER) as ScriptPreference[]).map((preference) => [
    preference,
    { regular: chainOf('regular', preference), bold: chainOf('bold', preference), italic: chainOf('italic', preference) },
  ]),
) as Record<ScriptPreference, Record<Style, readonly FaceId[]>>;

/** The script preference a BCP 47 tag asks for ("ja-JP" → ja, "zh-TW" → zh-Hant); Korean's order otherwise. */
export function scriptPreferenceOf(language: string | undefined): ScriptPreference {
  const tag = (language ?? '').toLowerCase();
  if (tag.startsWith('ja')) return 'ja';
  if (tag.startsWith('zh')) return /hant|-tw|-hk|-mo/.test(tag) ? 'zh-Hant' : 'zh-Hans';
  return 'ko';
}

// Documents are drawn synchronously, one at a time per thread: the preference is set for the text drawn next.
let current: ScriptPreference = 'ko';
/** Sets the CJK design for the text laid out next (a pack's letters, then its translation's); returns the previous. */
export function setScriptPreference(preference: ScriptPreference): ScriptPreference {
  const previous = current;
  current = preference;
  return previous;
}

/** The fallback chain for a style: the serif face for Latin, Cyrillic, Greek and Vietnamese, then the CJK faces. */
export const chainFor = (style: Style): readonly FaceId[] => CHAIN_TABLE[current][style];

let readFontFile = fontFileReader(undefined);
/** In a PDF worker: take the font files from the memory the pool shares (font-files.ts). */
export function useSharedFontFiles(shared: SharedFontFiles | undefined): void {
  readFontFile = fontFileReader(shared);
}

const loaded = new Map<FaceId, fontkit.Font>();
/** Bit BIT[face] of a code point's entry is set when that (loaded) face has a glyph for it. */
const coverage = new Uint16Array(0x110000);

export function fontFor(id: FaceId): fontkit.Font {
  let font = loaded.get(id);
  if (!font) {
    font = fontkit.create(readFontFile(resolveFontFile(FONT_FILES[id])));
    for (const cp of font.characterSet) {
      if (cp < coverage.length && font.hasGlyphForCodePoint(cp)) coverage[cp]! |= BIT[id];
    }
    loaded.set(id, font);
  }
  return font;
}

export function hasGlyph(id: FaceId, codePoint: number): boolean {
  fontFor(id);
  return codePoint < coverage.length && (coverage[codePoint]! & BIT[id]) !== 0;
}

/** Loads the fonts up front (at server start), so the first request does not pay for it; `cjk` loads them all. */
export function preloadFonts(options: { cjk?: boolean } = {}): void {
  fontFor('serif');
  fontFor('serifBold');
  fontFor('serifItalic');
  if (options.cjk) for (const id of FACE_IDS) fontFor(id);
}

const CACHE_LIMIT = 20_000;
const widthCache = new Map<string, number>();

/**
 * Advance width of `text` in thousandths of an em, shaped the way PDFKit shapes it (fontkit layout,
 * default features). Only campaign and office text is cached: the supporter's own text is never
 * kept beyond the request, not even in memory.
 */
export function advanceOf(id: FaceId, text: string, cache: boolean): number {
  const key = cache ? `${id}\u0000${text}` : '';
  if (cache) {
    const hit = widthCache.get(key);
    if (hit !== undefined) return hit;
  }
  const font = fontFor(id);
  const width = (font.layout(text).advanceWidth * 1000) / font.unitsPerEm;
  if (cache) {
    if (widthCache.size >= CACHE_LIMIT) {
      const oldest = widthCache.keys().next();
      if (!oldest.done) widthCache.delete(oldest.value);
    }
    widthCache.set(key, width);
  }
  return width;
}
