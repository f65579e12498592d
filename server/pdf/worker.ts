// Runs in a worker thread of the PDF pool: each worker parses the Latin fonts and reads the message files (the words
// around the letters; a worker cannot be handed functions, so a pack names its language and the worker looks the
// words up) once at start; the CJK fonts are parsed on first use, so a pool that never sees such a name never holds
// them. The fonts' bytes come from memory the pool shares with all its workers (font-files.ts).
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'piscina';
import { renderBulkPack } from './bulk.ts';
import type { SharedFontFiles } from './font-files.ts';
import { preloadFonts, useSharedFontFiles } from './fonts.ts';
import { preloadLabels } from './labels.ts';
import { renderLetterPack } from './render.ts';
import type { BulkPack, BulkResult, BulkSink, LetterPack } from './types.ts';

useSharedFontFiles((workerData as { fonts?: SharedFontFiles } | undefined)?.fonts);
preloadFonts();
// The words around the letters, in every language: read from the message files once per worker, not per document.
preloadLabels();

export default async function render(pack: LetterPack): Promise<Uint8Array> {
  return renderLetterPack(pack);
}

export interface BulkTask {
  job: BulkPack;
  /** Transferred with the task: the PDF's bytes and the progress go back through it, while the run goes on. */
  port: MessagePort;
}

/** From the worker to the pool; 'end' follows the last chunk. */
export type BulkMessage =
  | { type: 'chunk'; bytes: ArrayBuffer }
  | { type: 'progress'; done: number; total: number }
  | { type: 'end' };

/** From the pool to the worker: its reader's pace, or that it went away. */
export type BulkControl = { type: 'pause' | 'resume' | 'cancel' };

/** PDFKit writes many small pieces (each object's header, stream, trailer): they go out at most this many at a time. */
const BATCH_BYTES = 64 * 1024;

function portSink(port: MessagePort): BulkSink & { flush(): void } {
  let pending: Uint8Array[] = [];
  let size = 0;
  let paused = false;
  let cancelled = false;
  let wake: (() => void) | undefined;
  port.on('message', ({ type }: BulkControl) => {
    paused = type === 'pause';
    cancelled ||= type === 'cancel';
    if (!paused) wake?.();
  });
  const flush = () => {
    if (size === 0) return;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const chunk of pending) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    pending = [];
    size = 0;
    port.postMessage({ type: 'chunk', bytes: bytes.buffer } satisfies BulkMessage, [bytes.buffer]);
  };
  const stopped = () => new Error('the print run was cancelled: its reader went away');
  return {
    write(chunk) {
      pending.push(chunk);
      size += chunk.byteLength;
      if (size >= BATCH_BYTES) flush();
    },
    progress(done, total) {
      flush();
      port.postMessage({ type: 'progress', done, total } satisfies BulkMessage);
    },
    ready() {
      if (cancelled) return Promise.reject(stopped());
      if (!paused) return undefined;
      return new Promise<void>((resolve, reject) => {
        wake = () => {
          wake = undefined;
          if (cancelled) reject(stopped());
          else resolve();
        };
      });
    },
    flush,
  };
}

/** The print room's run, streamed back through `port` (the pool closes it once 'end' or an error has arrived). */
export async function renderBulk({ job, port }: BulkTask): Promise<BulkResult> {
  const sink = portSink(port);
  const result = await renderBulkPack(job, sink);
  sink.flush();
  port.postMessage({ type: 'end' } satisfies BulkMessage);
  return result;
}
