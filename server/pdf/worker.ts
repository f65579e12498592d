// Runs in a worker thread of the PDF pool: each worker parses the fonts once and then makes packs.
import { preloadFonts } from './fonts.ts';
import { renderLetterPack } from './render.ts';
import type { LetterPack } from './types.ts';

preloadFonts({ cjk: true });

export default async function render(pack: LetterPack): Promise<Uint8Array> {
  return renderLetterPack(pack);
}
