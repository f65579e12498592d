import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FONT_FILES, resolveFontFile, shareFontFiles } from '../../server/pdf/font-files.ts';
import { bundle } from '../../server/shared/bundle.ts';
import { REPO_ROOT } from '../support/paths.ts';

const WORKER = path.join(REPO_ROOT, 'test', 'fixtures', 'font-reader-worker.ts');
interface Report {
  shared: boolean;
  length: number;
  head: number[];
}

// Compiled as the pool's worker is, so the thread runs without tsx.
let workerModule: URL;
beforeAll(async () => {
  workerModule = await bundle(WORKER);
});

function readInWorker(workerData: unknown): Promise<Report> {
  const worker = new Worker(workerModule, { workerData });
  return new Promise((resolve, reject) => {
    worker.once('message', (report: Report) => {
      resolve(report);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

const korean = resolveFontFile(FONT_FILES.sansKR);
let close: (() => void) | undefined;
afterEach(() => close?.());

describe('font files shared by the PDF workers', () => {
  it('reads a face once, into memory every worker sees, and leaves unasked faces unread', async () => {
    const pool = shareFontFiles();
    close = pool.close;
    const onDisk = readFileSync(korean);
    const entry = pool.shared.files.find((f) => f.file === korean)!;
    const region = new Uint8Array(pool.shared.bytes, entry.offset, entry.size);

    const first = await readInWorker({ shared: pool.shared, file: korean });
    expect(first).toEqual({ shared: true, length: onDisk.length, head: [...onDisk.subarray(0, 8)] });
    expect(Buffer.from(region).equals(onDisk)).toBe(true);

    // A second worker gets the same memory, not a second read: a byte changed in it here is what that worker sees.
    region[0] = 0xab;
    const second = await readInWorker({ shared: pool.shared, file: korean });
    expect(second.shared).toBe(true);
    expect(second.head[0]).toBe(0xab);

    const japanese = pool.shared.files.find((f) => f.file === resolveFontFile(FONT_FILES.sansJP))!;
    expect(new Uint8Array(pool.shared.bytes, japanese.offset, japanese.size).some((byte) => byte !== 0)).toBe(false);
  });

  it('without a pool to share them, a worker reads the file itself', async () => {
    const onDisk = readFileSync(korean);
    expect(await readInWorker({ shared: undefined, file: korean })).toEqual({ shared: false, length: onDisk.length, head: [...onDisk.subarray(0, 8)] });
  });
});
