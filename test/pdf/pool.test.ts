import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdfRenderer, RendererBusyError, type PdfRenderer } from '../../server/pdf/pool.ts';
import { pdfText } from '../support/poppler.ts';
import { samplePack } from '../support/sample-pack.ts';
import { requireTools } from '../support/requirements.ts';

const needs = requireTools('poppler');

const pack = () => samplePack({ sender: { name: 'Пётр Worker', addressLines: [] } });

describe.skipIf(needs.missing)('the PDF worker pool', () => {
  let renderer: PdfRenderer;
  beforeAll(async () => {
    renderer = await createPdfRenderer({ threads: 1 });
  });
  afterAll(() => renderer.close());

  it('makes the pack in a worker thread and hands back the PDF', async () => {
    const pdf = await renderer.render(pack());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf)).toContain('Пётр Worker');
  });

  it('refuses work beyond its queue instead of letting requests pile up', async () => {
    const full = await createPdfRenderer({ threads: 1, maxQueue: 0 });
    try {
      await expect(full.render(pack())).rejects.toBeInstanceOf(RendererBusyError);
    } finally {
      await full.close();
    }
  });
});
