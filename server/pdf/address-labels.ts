import type { PaperSize } from '../shared/paper.ts';
import type { Office } from '../content/office.ts';
import { type Canvas, drawLines, inch, mm } from './canvas.ts';
import { fitBlock, type Block } from './envelope.ts';
import { cleanLines } from './letter.ts';
import type { TextStyle } from './text.ts';

/** A sheet of address labels, in points from the sheet's top left corner. */
export interface LabelSheet {
  /** The product, as a stationer sells it. */
  name: string;
  columns: number;
  rows: number;
  labelWidth: number;
  labelHeight: number;
  top: number;
  left: number;
  columnPitch: number;
  rowPitch: number;
}

/** The common 30-up sheet for Letter paper and the 14-up one for A4. */
export const LABEL_SHEETS: Record<PaperSize, LabelSheet> = {
  letter: {
    name: 'Avery 5160',
    columns: 3,
    rows: 10,
    labelWidth: inch(2.625),
    labelHeight: inch(1),
    top: inch(0.5),
    left: inch(3 / 16),
    columnPitch: inch(2.75),
    rowPitch: inch(1),
  },
  a4: {
    name: 'Avery L7163',
    columns: 2,
    rows: 7,
    labelWidth: mm(99.1),
    labelHeight: mm(38.1),
    top: mm(15.15),
    left: mm(4.65),
    columnPitch: mm(101.6),
    rowPitch: mm(38.1),
  },
};

/**
 * Label cutters and printers are not exact: text keeps at least this far from a label's left and right edges (and
 * 0.1 in from its top and bottom), and the block is centred in what is left, so both sides get the same margin.
 */
const SIDE_INSET = inch(0.2);
const INSET = inch(0.1);
const ADDRESS: TextStyle = { style: 'regular', size: 11, cache: true };
/** Below this, a long line wraps rather than shrinks... */
const ADDRESS_READABLE = 9;
/** ...unless the wrapped address is too tall for the label even at that size. */
const ADDRESS_SMALLEST = 6;

/**
 * The office's address at the size that fits inside the label's inset. An address too long even at the smallest
 * size loses its last lines rather than running onto the next label.
 */
function labelBlock(office: Office, width: number, height: number): Block {
  const lines = cleanLines(office.addressLines);
  const tooTall = (b: Block) => b.lines.length * b.leading > height;
  let block = fitBlock(lines, width, height, ADDRESS, ADDRESS_READABLE);
  if (tooTall(block)) block = fitBlock(lines, width, height, ADDRESS, ADDRESS_SMALLEST);
  return tooTall(block) ? { ...block, lines: block.lines.slice(0, Math.floor(height / block.leading)) } : block;
}

/**
 * Fills sheets of `sheet` with one label per entry of `offices`, in order, row by row; returns the number of
 * sheets. Each address block is centred in its label, across and down, never drawn past the insets.
 */
export function drawAddressLabels(canvas: Canvas, sheet: LabelSheet, offices: Office[]): number {
  const width = sheet.labelWidth - 2 * SIDE_INSET;
  const height = sheet.labelHeight - 2 * INSET;
  // One layout per office, however many labels it gets.
  const blocks = new Map<Office, Block>();
  const perSheet = sheet.columns * sheet.rows;
  offices.forEach((office, index) => {
    const slot = index % perSheet;
    if (slot === 0) canvas.newPage();
    let block = blocks.get(office);
    if (!block) blocks.set(office, (block = labelBlock(office, width, height)));
    const blockWidth = Math.max(...block.lines.map((l) => l.width));
    const x = sheet.left + (slot % sheet.columns) * sheet.columnPitch + (sheet.labelWidth - blockWidth) / 2;
    const y = sheet.top + Math.floor(slot / sheet.columns) * sheet.rowPitch + INSET;
    const used = block.lines.length * block.leading;
    drawLines(canvas, block.lines, x, y + (height - used) / 2, block.style, block.leading);
  });
  return Math.ceil(offices.length / perSheet);
}
