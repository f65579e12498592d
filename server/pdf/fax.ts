import { dialFrom, exitCodeOf } from '../content/countries.ts';
import type { Office } from '../content/office.ts';
import { type Canvas, drawLines, type Geometry, INK, textRows } from './canvas.ts';
import type { PackLabels } from './labels.ts';
import { cleanLine } from './letter.ts';
import type { Row } from './paginate.ts';
import { singleLine, wrapText, type TextStyle } from './text.ts';
import type { LetterPack } from './types.ts';

type Rows = Row<Canvas>[];

// Large type, black on white: a fax machine turns grey into noise and small type into smudges.
const HEADING: TextStyle = { style: 'bold', size: 30, cache: true };
const LABEL: TextStyle = { style: 'bold', size: 15, cache: true };
const VALUE: TextStyle = { style: 'regular', size: 15, cache: true };
/** The sender's name: measured without caching. */
const SENDER: TextStyle = { ...VALUE, cache: false };

const HEADING_LEADING = 38;
const LEADING = 21;
const FIELD_GAP = 16;
const LABEL_GAP = 18;
/** Field names wider than this share of the text width (in a translation) wrap. */
const LABEL_MAX_SHARE = 0.3;

interface Field {
  label: string;
  value: string;
  style: TextStyle;
}

/** One row per field: its name on the left, the value wrapped in the column beside it. */
function fieldRows(g: Geometry, fields: Field[]): Rows {
  const labelWidth = Math.min(
    g.textWidth * LABEL_MAX_SHARE,
    Math.max(...fields.map((f) => singleLine(cleanLine(f.label), LABEL).width)),
  );
  const valueX = g.left + labelWidth + LABEL_GAP;
  return fields.map((field, i) => {
    const label = wrapText(cleanLine(field.label), labelWidth, LABEL);
    const value = wrapText(field.value, g.right - valueX, field.style);
    return {
      height: Math.max(label.length, value.length) * LEADING,
      spaceBefore: i === 0 ? 30 : FIELD_GAP,
      breakBefore: true,
      draw: (canvas, top) => {
        drawLines(canvas, label, g.left, top, LABEL, LEADING);
        drawLines(canvas, value, valueX, top, field.style, LEADING);
      },
    };
  });
}

/** The sheet in front of one office's letter; `pages` counts everything sent to it, this sheet included. */
export function faxCoverRows(
  g: Geometry,
  pack: LetterPack,
  office: Office,
  dateText: string,
  pages: number,
  labels: PackLabels,
): Rows {
  const fields: Field[] = [
    { label: labels.faxTo, value: office.addressLines[0] ?? office.name, style: VALUE },
    { label: labels.faxNumber, value: office.fax ?? '', style: VALUE },
    // Dialled from another country, the number needs that country's international prefix in place of "+".
    ...(office.fax && pack.fromCountry && pack.fromCountry !== office.country
      ? [{ label: labels.faxDial, value: labels.faxDialFrom(pack.fromCountry, dialFrom(office.fax, pack.fromCountry, office.country), exitCodeOf(pack.fromCountry)), style: VALUE }]
      : []),
    { label: labels.faxFrom, value: pack.sender.name, style: SENDER },
    { label: labels.faxDate, value: dateText, style: VALUE },
    { label: labels.faxPages, value: labels.faxPageCount(pages), style: VALUE },
    { label: labels.faxSubject, value: pack.subject ?? pack.title, style: VALUE },
  ]
    .map((f) => ({ ...f, value: cleanLine(f.value) }))
    .filter((f) => f.value !== '');
  const addressee = cleanLine(pack.letter.addressee.join(' '));
  const rule: Row<Canvas> = {
    height: 2,
    spaceBefore: 6,
    breakBefore: false,
    draw: (canvas, top) => canvas.rule(g.left, g.right, top + 1, INK, 2),
  };
  return [
    ...textRows(cleanLine(labels.faxHeading), g.textWidth, { text: HEADING, leading: HEADING_LEADING, x: g.left }),
    rule,
    ...fieldRows(g, fields),
    ...(addressee
      ? textRows(cleanLine(labels.faxPassOn(addressee)), g.textWidth, {
          text: VALUE,
          leading: LEADING,
          x: g.left,
          spaceBefore: 40,
        })
      : []),
  ];
}
