import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { loadCatalog, type Catalog } from '../../server/content/catalog.ts';
import type { Campaign } from '../../server/content/campaign.ts';
import { createCounter, type Counter } from '../../server/counts/counter.ts';
import { readCampaignCounts } from '../../server/counts/read.ts';
import { createPdfRenderer, type PdfRenderer } from '../../server/pdf/pool.ts';
import { choicesOf } from '../../server/print-room/compose.ts';
import { createPrintRoom, PrintRoomBusy, type PrintRoom } from '../../server/print-room/run.ts';
import { openTestDatabase, type OpenTestDatabase } from '../support/database.ts';
import { REAL_CONTENT_DIR } from '../support/paths.ts';

const SLUG = 'stop-forced-return';
let catalog: Catalog;
let campaign: Campaign;
let database: OpenTestDatabase;
let counter: Counter;
let renderer: PdfRenderer;
let room: PrintRoom;

beforeAll(async () => {
  catalog = await loadCatalog(REAL_CONTENT_DIR);
  campaign = catalog.getCampaign(SLUG)!;
  database = await openTestDatabase();
  counter = createCounter({ db: database.db, flushIntervalMs: 60_000 });
  renderer = await createPdfRenderer({ threads: 1 });
  room = createPrintRoom({ renderBulk: renderer.renderBulk, counter });
});
afterAll(async () => {
  await renderer?.close();
  await counter?.close();
  await database?.close();
});

const choices = () => choicesOf({ offices: ['embassy-washington', 'consulate-chicago'], paperSize: 'letter', addressLabels: 'none' }, catalog.offeredOffices(campaign));
const signers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Signer ${i + 1}`, address: '', ownWords: '', paragraphIds: [] }));

/** Reads a run's stream to its end. */
async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

async function totals() {
  await counter.flush();
  return (await readCampaignCounts(database.db, SLUG)).totals;
}

describe('the print room makes one run at a time', () => {
  it('refuses a second run from the moment the first starts until its stream has ended, then takes the next', async () => {
    // Nobody reads the first run yet: it cannot end, so the room stays busy however long the test takes.
    const first = room.printSheet(campaign, signers(3), choices());
    expect(room.busy()).toBe(true);
    expect(() => room.printEvent(campaign, 2, [], choices())).toThrow(PrintRoomBusy);
    expect(() => room.printSheet(campaign, signers(1), choices())).toThrow(PrintRoomBusy);

    expect(await drain(first.stream)).toBeGreaterThan(1000);
    await first.result;
    expect(room.busy()).toBe(false);
    const next = room.printEvent(campaign, 1, [], choices());
    expect(room.busy()).toBe(true);
    await drain(next.stream);
    await next.result;
    expect(room.busy()).toBe(false);
  });

  it('is free again when a download is abandoned half-way, and counts nothing of that run', async () => {
    const before = await totals();
    const run = room.printSheet(campaign, signers(40), choices());
    const aborted = run.result.catch((err: unknown) => err);
    run.stream.once('data', () => run.stream.destroy());
    run.stream.resume();
    await once(run.stream, 'close');
    expect(room.busy()).toBe(false);
    expect(await aborted).toBeInstanceOf(Error);
    const after = await totals();
    expect(after.letters).toBe(before.letters);
    expect(after.printed.sheet).toBe(before.printed.sheet);
  });

  it('counts a finished sheet as its signers\' letters and keeps its progress by id', async () => {
    const before = await totals();
    const jobId = room.jobs.newId();
    const run = room.printSheet(campaign, signers(4), choices(), jobId);
    expect(room.jobs.get(jobId)).toMatchObject({ state: 'running', total: 8 });
    await drain(run.stream);
    await run.result;
    expect(room.jobs.get(jobId)).toEqual({ state: 'done', done: 8, total: 8 });
    expect(run.fileName).toMatch(/^stop-forced-return-sign-up-sheet-\d{4}-\d{2}-\d{2}\.pdf$/);
    const after = await totals();
    expect(after.letters - before.letters).toBe(8);
    expect(after.packs - before.packs).toBe(4);
    expect(after.printed.sheet - before.printed.sheet).toBe(8);
  });

  it('counts nothing of a test print, and names its file so', async () => {
    const before = await totals();
    const run = room.printSheet(campaign, signers(3), choices(), undefined, { testPrint: true });
    await drain(run.stream);
    await run.result;
    expect(run.fileName).toMatch(/^stop-forced-return-test-print-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(await totals()).toEqual(before);
  });
});
