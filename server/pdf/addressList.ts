import type { Office } from '../content/office.ts';
import { type Canvas, drawLines, type Geometry, lineRows, MUTED, textRows } from './canvas.ts';
import type { PackLabels } from './labels.ts';
import { cleanLine } from './letter.ts';
import type { Row } from './paginate.ts';
import type { ReportLater } from './types.ts';
import { singleLine, wrapText, type Line, type TextStyle } from './text.ts';

type Rows = Row<Canvas>[];

const HEADING: TextStyle = { style: 'bold', size: 16, cache: true };
const INTRO: TextStyle = { style: 'regular', size: 10, cache: true };
const ADDRESS: TextStyle = { style: 'regular', size: 10.5, cache: true };
const ADDRESS_NAME: TextStyle = { ...ADDRESS, style: 'bold' };
const DETAIL: TextStyle = { style: 'regular', size: 9.5, cache: true };
const DETAIL_LABEL: TextStyle = { ...DETAIL, style: 'bold' };
const NOTE: TextStyle = { style: 'italic', size: 8.5, cache: true };
const TIPS_HEADING: TextStyle = { style: 'bold', size: 12, cache: true };
const TIP: TextStyle = { style: 'regular', size: 10, cache: true };

const ADDRESS_LEADING = 14;
const DETAIL_LEADING = 13;
const NOTE_LEADING = 11.5;
const GUTTER = 18;
const LABEL_WIDTH = 40;

interface Spacing {
  entry: number;
  tipsHeading: number;
  tip: number;
}
/** From the usual spacing to the tightest: the renderer keeps the first that takes the fewest pages. */
export const SPACINGS = ['normal', 'tight', 'tighter'] as const;
export type SpacingName = (typeof SPACINGS)[number];
const SPACING: Record<SpacingName, Spacing> = {
  normal: { entry: 24, tipsHeading: 28, tip: 5 },
  tight: { entry: 14, tipsHeading: 16, tip: 3 },
  tighter: { entry: 9, tipsHeading: 12, tip: 2 },
};

/** One office: postal address on the left; phone, fax (with its caveat) and email on the right. */
export function officeEntryRow(g: Geometry, office: Office, labels: PackLabels, spacing: Spacing = SPACING.normal): Row<Canvas> {
  const leftWidth = Math.round(g.textWidth * 0.55);
  const rightX = g.left + leftWidth + GUTTER;
  const valueWidth = g.right - rightX - LABEL_WIDTH;

  const [first = office.name, ...rest] = office.addressLines.map(cleanLine);
  const nameLines = wrapText(first, leftWidth, ADDRESS_NAME);
  const restLines = rest.flatMap((l) => wrapText(l, leftWidth, ADDRESS));
  const leftHeight = (nameLines.length + restLines.length) * ADDRESS_LEADING;

  const details: { label: Line; value: Line[]; note: Line[] }[] = [];
  const add = (label: string, value: string | undefined, note?: string) => {
    if (!value) return;
    details.push({
      label: singleLine(label, DETAIL_LABEL),
      value: wrapText(cleanLine(value), valueWidth, DETAIL),
      note: note ? wrapText(cleanLine(note), valueWidth, NOTE) : [],
    });
  };
  add(labels.phone, office.phone);
  // Only what helps the supporter: other numbers to try, not the research notes behind them.
  const alsoReported = office.faxAlsoReported?.map(cleanLine).filter(Boolean) ?? [];
  add(labels.fax, office.fax, alsoReported.length > 0 ? labels.faxAlsoReported(alsoReported) : undefined);
  add(labels.email, office.email);
  const rightHeight = details.reduce(
    (h, d) => h + d.value.length * DETAIL_LEADING + d.note.length * NOTE_LEADING + (d.note.length ? 3 : 0),
    0,
  );

  return {
    height: Math.max(leftHeight, rightHeight),
    spaceBefore: spacing.entry,
    breakBefore: true,
    draw: (canvas, top) => {
      canvas.rule(g.left, g.right, top - 9);
      let y = top + drawLines(canvas, nameLines, g.left, top, ADDRESS_NAME, ADDRESS_LEADING);
      drawLines(canvas, restLines, g.left, y, ADDRESS, ADDRESS_LEADING);
      y = top + 0.5;
      for (const d of details) {
        drawLines(canvas, [d.label], rightX, y, DETAIL_LABEL, DETAIL_LEADING);
        y += drawLines(canvas, d.value, rightX + LABEL_WIDTH, y, DETAIL, DETAIL_LEADING);
        if (d.note.length) {
          y += drawLines(canvas, d.note, rightX + LABEL_WIDTH, y + 1, NOTE, NOTE_LEADING, MUTED) + 3;
        }
      }
    },
  };
}

/** The tips are kept together: they break only before their heading, never between two tips. */
function tipRows(g: Geometry, labels: PackLabels, spacing: Spacing): Rows {
  const indent = 14;
  const bullet = singleLine('\u2022', TIP);
  const heading = textRows(cleanLine(labels.tipsHeading), g.textWidth, {
    text: TIPS_HEADING,
    leading: 17,
    x: g.left,
    spaceBefore: spacing.tipsHeading,
    breaks: [true],
  });
  const tips = labels.tips.flatMap((tip) => {
    const rows = textRows(cleanLine(tip), g.textWidth - indent, {
      text: TIP,
      leading: 14,
      x: g.left + indent,
      spaceBefore: spacing.tip,
      breaks: [],
    });
    const first = rows[0];
    if (first) {
      const drawText = first.draw;
      first.draw = (canvas, top) => {
        drawLines(canvas, [bullet], g.left + 2, top, TIP, 14);
        drawText(canvas, top);
      };
    }
    return rows;
  });
  return [...heading, ...tips];
}

const CODE: TextStyle = { style: 'bold', size: 12, cache: false };

/**
 * How to report later: the heading with the code on its right, and a sentence with the address to type it at (a link
 * to the report page itself, for whoever reads the PDF on a screen); kept together, under a rule.
 */
function reportLaterRows(g: Geometry, labels: PackLabels, report: ReportLater, untilText: string, spacing: Spacing): Rows {
  const code = singleLine(report.code, CODE);
  const heading = wrapText(cleanLine(labels.reportLaterHeading), g.textWidth - code.width - GUTTER, TIPS_HEADING);
  const text = wrapText(cleanLine(labels.reportLater(report.entry, untilText)), g.textWidth, TIP);
  const headingLeading = 17;
  return [
    {
      height: heading.length * headingLeading,
      spaceBefore: spacing.tipsHeading,
      breakBefore: true,
      draw: (canvas, top) => {
        canvas.rule(g.left, g.right, top - spacing.tipsHeading / 2);
        drawLines(canvas, heading, g.left, top, TIPS_HEADING, headingLeading);
        drawLines(canvas, [code], g.right - code.width, top, CODE, headingLeading);
        canvas.link(g.left, top, g.textWidth, heading.length * headingLeading, report.link);
      },
    },
    ...lineRows(text, { text: TIP, leading: 14, x: g.left, spaceBefore: spacing.tip, breaks: [] }),
  ];
}

/**
 * The last part of the pack: every office with its postal address and numbers, then posting tips, then (when the
 * pack has one) how to report later how the letters were sent.
 */
export function addressListRows(
  g: Geometry,
  offices: Office[],
  labels: PackLabels,
  { spacing: name = 'normal', report }: { spacing?: SpacingName; report?: { later: ReportLater; untilText: string } } = {},
): Rows {
  const spacing = SPACING[name];
  return [
    ...lineRows([singleLine(labels.whereToSend, HEADING)], { text: HEADING, leading: 22, x: g.left }),
    ...textRows(cleanLine(labels.whereToSendIntro), g.textWidth, {
      text: INTRO,
      leading: 14,
      x: g.left,
      spaceBefore: 6,
      breaks: [],
    }),
    // The first office stays with the heading.
    ...offices.map((office, i) => ({ ...officeEntryRow(g, office, labels, spacing), ...(i === 0 && { breakBefore: false }) })),
    ...tipRows(g, labels, spacing),
    ...(report ? reportLaterRows(g, labels, report.later, report.untilText, spacing) : []),
  ];
}

/** On the address list's later pages. */
export function drawAddressListHeader(canvas: Canvas, labels: PackLabels): void {
  const g = canvas.page;
  const style: TextStyle = { style: 'regular', size: 8.5, cache: true };
  canvas.drawLine(singleLine(labels.whereToSendContinued, style), g.left, g.top - 30, style, MUTED);
}
