import fp from 'fastify-plugin';
import { createPdfRenderer, type PdfRenderer } from '../pdf/pool.ts';

declare module 'fastify' {
  interface FastifyInstance {
    pdf: PdfRenderer;
  }
}

/** The pool of worker threads that make the PDF packs. */
export default fp(
  async (app, opts: { threads: number }) => {
    const renderer = await createPdfRenderer({ threads: opts.threads });
    app.decorate('pdf', renderer);
    app.addHook('onClose', async () => renderer.close());
  },
  { name: 'pdf' },
);
