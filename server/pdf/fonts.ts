import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The embedded fonts. Each file is read and parsed once per process and the parsed fontkit object
 * is handed to every PDFKit document (PDFKit accepts a fontkit font as a font source), so a
 * document never re-parses a font. The CJK fonts (6 and 10 MB) are loaded only when some text
 * first needs them, and a document only embeds the faces it actually draws with.
 */
export type FaceId = 'serif' | 'serifBold' | 'serifItalic' | 'sansKR' | 'sansSC';
export type Style = 'regular' | 'bold' | 'italic';

const FILES: Record<FaceId, string> = {
  serif: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  serifBold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  serifItalic: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  sansKR: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  sansSC: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
};

const BIT: Record<FaceId, number> = { serif: 1, serifBold: 2, serifItalic: 4, sansKR: 8, sansSC: 16 };

/** Fallback chains: the serif face for Latin, Cyrillic, Greek and Vietnamese, then Hangul + hanja, then Chinese. */
export const CHAINS: Record<Style, readonly FaceId[]> = {
  regular: ['serif', 'sansKR', 'sansSC'],
  bold: ['serifBold', 'sansKR', 'sansSC'],
  italic: ['serifItalic', 'sansKR', 'sansSC'],
};

const require = createRequire(import.meta.url);
const loaded = new Map<FaceId, fontkit.Font>();
/** One byte per code point: bit BIT[face] is set when that (loaded) face has a glyph for it. */
const coverage = new Uint8Array(0x110000);

export function fontFor(id: FaceId): fontkit.Font {
  let font = loaded.get(id);
  if (!font) {
    font = fontkit.create(readFileSync(require.resolve(FILES[id])));
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

/** Loads the fonts up front (at server start), so the first request does not pay for it. */
export function preloadFonts(options: { cjk?: boolean } = {}): void {
  fontFor('serif');
  fontFor('serifBold');
  fontFor('serifItalic');
  if (options.cjk) {
    fontFor('sansKR');
    fontFor('sansSC');
  }
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
