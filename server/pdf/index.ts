export type { BulkPack, BulkResult, BulkSigner, BulkSink, LetterPack, PackKind, ReportLater } from './types.ts';
export { PACK_KINDS } from './types.ts';
export { renderLetterPack, suggestedFileName } from './render.ts';
export { renderBulkPack } from './bulk.ts';
export { formatLetterDate, labelsFor, packLabels, type PackLabels } from './labels.ts';
export { preloadFonts } from './fonts.ts';
export { unsupportedCharacters } from './text.ts';
