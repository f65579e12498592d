// Runs in a worker thread of the PDF pool: each worker parses the Latin fonts once at start; the Korean and
// Chinese fonts (16 MB) are parsed on first use, so a pool that never sees such a name never holds them.
import { preloadFonts } from './fonts.ts';
import { renderLetterPack } from './render.ts';
import type { LetterPack } from './types.ts';

preloadFonts();

export default async function render(pack: LetterPack): Promise<Uint8Array> {
  return renderLetterPack(pack);
}
