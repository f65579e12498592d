import { z } from 'zod';

/** The paper a letter is printed on: US Letter (North America) or A4 (most of the world). */
export const PAPER_SIZES = ['letter', 'a4'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

export const paperSizeSchema = z.enum(PAPER_SIZES);

export const isPaperSize = (value: unknown): value is PaperSize => (PAPER_SIZES as readonly unknown[]).includes(value);

/** How the pages name a paper size. */
export const PAPER_NAMES: Record<PaperSize, string> = { letter: 'US Letter', a4: 'A4' };
