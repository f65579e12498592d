/** One unbreakable horizontal slice of a page (a line of text, a block kept together). */
export interface Row<C> {
  height: number;
  /** Space above the row; dropped when the row starts a page. */
  spaceBefore: number;
  /** Whether a page may break right before this row. */
  breakBefore: boolean;
  draw(ctx: C, top: number): void;
}

export interface Placed<C> {
  row: Row<C>;
  top: number;
}

/**
 * Distributes rows over pages of `available` height. When a row does not fit, the page breaks at the
 * last earlier row that allows a break on this page (so keep-together groups move as a whole); when
 * there is none, it breaks right there. A single row taller than a page gets a page of its own.
 */
export function paginate<C>(rows: Row<C>[], available: number): Placed<C>[][] {
  const pages: Placed<C>[][] = [];
  let start = 0;
  let page: Placed<C>[] = [];
  let y = 0;
  let i = 0;
  while (i < rows.length) {
    const row = rows[i]!;
    const top = i === start ? 0 : y + row.spaceBefore;
    if (i > start && top + row.height > available) {
      let cut = i;
      while (cut > start && !rows[cut]!.breakBefore) cut--;
      if (cut === start) cut = i;
      pages.push(page.slice(0, cut - start));
      start = cut;
      page = [];
      y = 0;
      i = cut;
      continue;
    }
    page.push({ row, top });
    y = top + row.height;
    i++;
  }
  if (page.length) pages.push(page);
  return pages;
}

/** Break rules for the lines of one paragraph: no single first or last line alone on a page. */
export function paragraphBreaks(lineCount: number, breakBeforeFirst: boolean): boolean[] {
  return Array.from({ length: lineCount }, (_, i) =>
    i === 0 ? breakBeforeFirst : i >= 2 && lineCount - i >= 2,
  );
}
