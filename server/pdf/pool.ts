import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { BulkPack, BulkResult, LetterPack } from './types.ts';
import { bundle } from '../shared/bundle.ts';
import { shareFontFiles } from './font-files.ts';
import type { BulkControl, BulkMessage, BulkTask } from './worker.ts';

export interface PdfRenderer {
  render(pack: LetterPack): Promise<Buffer>;
  /**
   * Starts an organizer's print run. `stream` gives the PDF's bytes as the pages are made; `result` settles once the
   * last byte is in `stream`, and rejects (with `stream` destroyed by the same error) when the run fails or when
   * `stream` is destroyed before its end. Throws RendererBusyError when the queue is full.
   */
  renderBulk(job: BulkPack, onProgress?: (done: number, total: number) => void): { stream: Readable; result: Promise<BulkResult> };
  close(): Promise<void>;
}

export class RendererBusyError extends Error {
  constructor() {
    super('Too many letters are being made at this moment.');
    this.name = 'RendererBusyError';
  }
}

const WORKER = new URL('./worker.ts', import.meta.url);

/** A print run's bytes waiting for a slow reader: past this, the worker pauses between letters. */
const BULK_BUFFER_BYTES = 256 * 1024;

/**
 * Packs are made in worker threads: a pack takes several milliseconds of pure CPU, which on the main thread would
 * hold up every other request. Workers run the worker's sources compiled into one module (shared/bundle.ts),
 * without tsx.
 */
export async function createPdfRenderer({ threads = availableParallelism(), maxQueue = 256 } = {}): Promise<PdfRenderer> {
  // A read-only install cannot keep the bundle: its workers then load the sources through tsx.
  const compiled = await bundle(fileURLToPath(WORKER)).catch(() => undefined);
  // Not the parent's flags: V8's memory flags are refused in a worker, and the parent's loader is not needed.
  const execArgv = compiled ? [] : ['--import', 'tsx'];
  const fonts = shareFontFiles();
  const pool = new Piscina({
    filename: (compiled ?? WORKER).href,
    workerData: { fonts: fonts.shared },
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Infinity,
    maxQueue,
    // V8 otherwise lets each worker's heap grow well past what a PDF needs before collecting it. Measured with the
    // four CJK scenarios (test/benchmark/pdf-memory.ts): peak RSS 420 → 354 MB for the pool, packs/s unchanged
    // within the run-to-run noise; a smaller young generation (2–4 MB) saved more but cost a third of the speed.
    resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 },
    execArgv,
  });
  return {
    async render(pack) {
      if (pool.queueSize >= maxQueue) throw new RendererBusyError();
      const bytes: Uint8Array = await pool.run(pack);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },

    renderBulk(job, onProgress) {
      if (pool.queueSize >= maxQueue) throw new RendererBusyError();
      const { port1: port, port2 } = new MessageChannel();
      const control = (message: BulkControl) => port.postMessage(message);
      let paused = false;
      let ended = false;
      let lastByte!: () => void;
      const allBytes = new Promise<void>((resolve) => (lastByte = resolve));
      const stream = new Readable({
        highWaterMark: BULK_BUFFER_BYTES,
        read() {
          if (paused) control({ type: 'resume' });
          paused = false;
        },
        destroy(error, callback) {
          if (!ended) control({ type: 'cancel' });
          callback(error);
        },
      });
      port.on('message', (message: BulkMessage) => {
        if (stream.destroyed) return;
        if (message.type === 'chunk') {
          if (!stream.push(Buffer.from(message.bytes)) && !paused) {
            paused = true;
            control({ type: 'pause' });
          }
        } else if (message.type === 'progress') {
          onProgress?.(message.done, message.total);
        } else {
          ended = true;
          stream.push(null);
          lastByte();
        }
      });
      const task: BulkTask = { job, port: port2 };
      const run: Promise<BulkResult> = pool.run(task, { name: 'renderBulk', transferList: [port2] });
      // The bytes come through the port and the result through the pool's own channel: either may arrive first.
      const result = Promise.all([run, allBytes]).then(
        ([bulk]) => {
          port.close();
          return bulk;
        },
        (error: unknown) => {
          stream.destroy(error as Error);
          port.close();
          throw error;
        },
      );
      return { stream, result };
    },

    async close() {
      await pool.destroy();
      fonts.close();
    },
  };
}
