import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import type { LetterPack } from './types.ts';

export interface PdfRenderer {
  render(pack: LetterPack): Promise<Buffer>;
  close(): Promise<void>;
}

export class RendererBusyError extends Error {
  constructor() {
    super('Too many letters are being made at this moment.');
    this.name = 'RendererBusyError';
  }
}

const WORKER = new URL('./worker.ts', import.meta.url);

/**
 * Packs are made in worker threads: a pack takes several milliseconds of pure CPU, which on the main thread would
 * hold up every other request. Workers load .ts through tsx, so they get `--import tsx` even when the parent was
 * started some other way (the test runner).
 */
export function createPdfRenderer({ threads = availableParallelism(), maxQueue = 256 } = {}): PdfRenderer {
  const execArgv = process.execArgv.some((arg) => arg.includes('tsx')) ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
  const pool = new Piscina({
    filename: WORKER.href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Infinity,
    maxQueue,
    execArgv,
  });
  return {
    async render(pack) {
      if (pool.queueSize >= maxQueue) throw new RendererBusyError();
      const bytes: Uint8Array = await pool.run(pack);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    close: () => pool.destroy(),
  };
}
