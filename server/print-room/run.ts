import type { Readable } from 'node:stream';
import type { Campaign } from '../content/campaign.ts';
import type { Counter } from '../counts/counter.ts';
import type { CountEvent } from '../counts/events.ts';
import type { BulkPack, BulkResult } from '../pdf/index.ts';
import type { PdfRenderer } from '../pdf/pool.ts';
import { utcDay } from '../shared/day.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { eventRun, sheetCounts, sheetRun, type PrintChoices } from './compose.ts';
import { createPrintJobs } from './jobs.ts';
import type { Signer } from './types.ts';

/** A print run was asked for while another one is being made. */
export class PrintRoomBusy extends Error {
  constructor() {
    super('Another print run is being made right now.');
    this.name = 'PrintRoomBusy';
  }
}

/** A print run under way: its PDF as a stream, and the file name to offer. */
export interface StartedRun {
  stream: Readable;
  fileName: string;
  /** Settles once the last byte is in the stream (the run is then counted), rejects when the run stopped. */
  result: Promise<BulkResult>;
}

export interface PrintRoomServices {
  renderBulk: PdfRenderer['renderBulk'];
  counter: Pick<Counter, 'record'>;
  logger?: Logger;
}

/**
 * The print room's runs, for one process. Its contract:
 * - One run at a time (`maxRuns`): a run holds a PDF worker for seconds, and supporters' letters need the others. A
 *   run is in progress from start() until its stream has ended or been destroyed (a cancelled download); start()
 *   throws PrintRoomBusy meanwhile.
 * - A run is counted only when its PDF was made in full; a run that stops half-way counts nothing.
 * - Progress (done/total/state, never anything printed) is kept per run id in `jobs`, for the page's progress bar.
 */
export function createPrintRoom(services: PrintRoomServices, { maxRuns = 1 } = {}) {
  const { renderBulk, counter, logger = silentLogger } = services;
  const jobs = createPrintJobs();
  let runsInProgress = 0;

  /** `countsOf` says what a finished run adds to the counts; without it (a test print), nothing. */
  function start(campaign: Campaign, run: BulkPack, fileKind: string, jobId: string | undefined, countsOf?: (done: BulkResult) => CountEvent): StartedRun {
    if (runsInProgress >= maxRuns) throw new PrintRoomBusy();
    const total = run.mode === 'event' ? (run.blankLetters ?? 0) * run.offices.length : run.signers.length * run.offices.length;
    const id = jobId ?? jobs.newId();
    const { stream, result } = renderBulk(run, (done) => jobs.progress(id, done));
    jobs.start(id, total);
    runsInProgress += 1;
    let over = false;
    const runOver = () => {
      if (!over) runsInProgress -= 1;
      over = true;
    };
    stream.once('end', runOver).once('close', runOver);
    const counted = result.then(
      (done) => {
        jobs.finish(id, 'done');
        if (countsOf) counter.record(countsOf(done));
        return done;
      },
      (err: unknown) => {
        jobs.finish(id, 'failed');
        logger.warn({ err }, 'print run stopped before its end');
        throw err;
      },
    );
    // The caller streams the bytes; a run that stops is already logged here.
    counted.catch(() => {});
    return { stream, result: counted, fileName: `${campaign.slug}-${fileKind}-${utcDay(run.date)}.pdf` };
  }

  return {
    /** Progress of the runs, by the id the page put in its form. */
    jobs,
    /** Whether a new run would be refused right now. */
    busy: () => runsInProgress >= maxRuns,
    /** Every signer's letter to every chosen office; counted as the signers' letters, printed from a sheet, unless `testPrint`. */
    printSheet(campaign: Campaign, signers: Signer[], choices: PrintChoices, jobId?: string, { testPrint = false } = {}): StartedRun {
      const countsOf = testPrint ? undefined : (done: BulkResult) => sheetCounts(campaign, signers, choices, done.lettersPerOffice);
      return start(campaign, sheetRun(campaign, signers, choices), testPrint ? 'test-print' : 'sign-up-sheet', jobId, countsOf);
    },
    /** Blank letters for an event; counted as printed only, until they are reported posted. */
    printEvent(campaign: Campaign, perOffice: number, paragraphIds: string[], choices: PrintChoices, jobId?: string): StartedRun {
      return start(campaign, eventRun(campaign, perOffice, paragraphIds, choices), 'event-letters', jobId, (done) => ({
        type: 'blank-letters',
        campaign: campaign.slug,
        letters: done.letters,
      }));
    },
  };
}

export type PrintRoom = ReturnType<typeof createPrintRoom>;
