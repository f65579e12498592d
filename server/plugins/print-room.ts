import fp from 'fastify-plugin';
import { createPrintRoom, type PrintRoom } from '../print-room/run.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The organizers' print runs: one at a time per process, counted when finished. */
    printRoom: PrintRoom;
  }
}

/** The print room's runs share the PDF workers with supporters' letters, and count through the counter. */
export default fp(
  async (app) => {
    app.decorate('printRoom', createPrintRoom({ renderBulk: (run, onProgress) => app.pdf.renderBulk(run, onProgress), counter: app.counter, logger: app.log }));
  },
  { name: 'print-room', dependencies: ['pdf', 'counter'] },
);
