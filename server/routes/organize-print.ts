import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Campaign } from '../campaigns/schema.ts';
import { utcDay } from '../counts/events.ts';
import { AppError } from '../errors.ts';
import { onceKey, OnceStoreUnavailable } from '../next-steps/once-store.ts';
import type { PageTokens } from '../next-steps/page-token.ts';
import { officeTitle, type Office } from '../offices/schema.ts';
import type { BulkPack, BulkResult } from '../pdf/index.ts';
import { eventRun, postedCounts, sheetCounts, sheetRun, type PrintChoices } from '../print-room/compose.ts';
import { createPrintJobs, JOB_ID_SHAPE } from '../print-room/jobs.ts';
import { readSignerSheet, SHEET_COLUMNS } from '../print-room/signers.ts';
import type { RowProblem, Signer } from '../print-room/types.ts';
import { asList, asText } from './letter-form.schema.ts';
import type { CsrfToken } from './organize-campaigns.ts';
import {
  eventFormSchema,
  messagesByField,
  postedFormSchema,
  RUN_LETTERS_MAX,
  SHEET_BYTES_MAX,
  sheetFormSchema,
} from './organize-print.schema.ts';

interface PrintOptions {
  csrfToken: CsrfToken;
  campaignFor: (slug: string) => Campaign;
  pageTokens: PageTokens;
}

interface PrintRoute {
  Params: { slug: string };
  Body: Record<string, unknown>;
  Querystring: { posted?: string };
}

type Which = 'sheet' | 'event' | 'posted';

/** What the page shows again after a problem: the form's input as sent, and the messages beside its fields. */
interface PrintRoomState {
  which?: Which;
  input?: Record<string, unknown>;
  errors?: Record<string, string>;
  problems?: { rows: RowProblem[]; more: number };
  notice?: string;
  /** A problem with the whole request, shown at the top. */
  alert?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const postedScope = (slug: string) => `posted:${slug}`;

/**
 * The print room: a sign-up sheet (CSV file or pasted rows) becomes one PDF of every signer's letter to every chosen
 * office, or blank letters are printed for an event and later reported posted. The sheet is read from the request
 * in memory, checked whole before anything is printed, streamed out as a PDF and forgotten.
 */
export default async function organizePrintRoutes(app: FastifyInstance, opts: PrintOptions) {
  const { csrfToken, campaignFor, pageTokens } = opts;
  const jobs = createPrintJobs();
  // One print run at a time per process: a run holds a PDF worker for seconds, and supporters' letters need the rest.
  let runsInProgress = 0;
  const busyMessage = 'Another print run is being made right now. Please send this form again in a minute: everything you entered is still here.';

  // Files stay in memory (never in a temporary folder) and are bounded.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: SHEET_BYTES_MAX, files: 1, fields: 100, fieldSize: SHEET_BYTES_MAX, parts: 110 },
  });

  const offeredFor = (campaign: Campaign) => app.catalog.offeredOffices(campaign);

  function showPrintRoom(request: FastifyRequest, reply: FastifyReply, campaign: Campaign, state: PrintRoomState = {}, statusCode = 200) {
    const offered = offeredFor(campaign);
    const inputOf = (which: Which) => (state.which === which ? state.input : undefined);
    const formOf = (which: Which) => {
      const input = inputOf(which);
      const ticked = new Set(input ? asList(input.offices) : offered.map((o) => o.id));
      const paper = asText(input?.paperSize) || campaign.defaultPaperSize;
      const labels = asText(input?.addressLabels) || 'stack';
      return {
        job: jobs.newId(),
        errors: state.which === which ? state.errors ?? {} : {},
        offices: offered.map((o) => ({ id: o.id, title: officeTitle(o), checked: ticked.has(o.id) })),
        paperLetter: paper === 'letter',
        paperA4: paper === 'a4',
        labelsStack: labels === 'stack',
        labelsLetter: labels === 'letter',
        labelsNone: labels === 'none',
      };
    };
    const optional = campaign.letter.paragraphs.filter((p) => p.optional);
    const paragraphsFor = (which: Which) => {
      const input = inputOf(which);
      const ticked = new Set(input ? asList(input.paragraphs) : optional.filter((p) => p.checkedByDefault).map((p) => p.id));
      return optional.map((p) => ({ id: p.id, label: p.label, checked: ticked.has(p.id) }));
    };
    const posted = inputOf('posted');
    return reply.code(statusCode).viewAsync('pages/organize/print.hbs', {
      pageTitle: `Print room: ${campaign.title}`,
      organizerPage: true,
      signedIn: true,
      csrfToken: csrfToken(request, reply),
      campaign: { slug: campaign.slug, title: campaign.title },
      notice: state.notice,
      alert: state.alert,
      columns: SHEET_COLUMNS,
      runLettersMax: RUN_LETTERS_MAX,
      sheet: { ...formOf('sheet'), rows: asText(inputOf('sheet')?.rows), problems: state.which === 'sheet' ? state.problems : undefined },
      event: { ...formOf('event'), perOffice: asText(inputOf('event')?.perOffice) || '20', paragraphs: paragraphsFor('event') },
      posted: {
        token: pageTokens.issue(postedScope(campaign.slug)),
        errors: state.which === 'posted' ? state.errors ?? {} : {},
        offices: offered.map((o) => ({
          id: o.id,
          fieldId: `posted-${o.id}`,
          title: officeTitle(o),
          value: asText(posted?.[`posted-${o.id}`]),
          error: state.which === 'posted' ? state.errors?.[`posted-${o.id}`] : undefined,
        })),
        paragraphs: paragraphsFor('posted'),
      },
    });
  }

  /** Streams the run's PDF as it is made; counts it (when `counted` says how) only once the last byte is out. */
  function sendRun(reply: FastifyReply, campaign: Campaign, run: BulkPack, jobId: string | undefined, fileKind: string, counted: (done: BulkResult) => void) {
    const total = run.mode === 'event' ? (run.blankLetters ?? 0) * run.offices.length : run.signers.length * run.offices.length;
    const id = jobId ?? jobs.newId();
    const { stream, result } = app.pdf.renderBulk(run, (done) => jobs.progress(id, done));
    jobs.start(id, total);
    // The run counts as over once its last byte is read or its download is abandoned.
    runsInProgress += 1;
    let over = false;
    const runOver = () => {
      if (!over) runsInProgress -= 1;
      over = true;
    };
    stream.once('end', runOver).once('close', runOver);
    result.then(
      (done) => {
        jobs.finish(id, 'done');
        counted(done);
      },
      (err: unknown) => {
        jobs.finish(id, 'failed');
        reply.log.warn({ err }, 'print run stopped before its end');
      },
    );
    return reply
      .header('Cache-Control', 'no-store')
      .header('Content-Disposition', `attachment; filename="${campaign.slug}-${fileKind}-${utcDay(run.date)}.pdf"`)
      .type('application/pdf')
      .send(stream);
  }

  app.get<PrintRoute>('/c/:slug/print', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const posted = Number(request.query.posted);
    const notice = Number.isInteger(posted) && posted > 0 ? `Counted ${posted} event letter${posted === 1 ? '' : 's'} as posted. Thank you.` : undefined;
    return showPrintRoom(request, reply, campaign, { notice });
  });

  /** A sheet with the right headings and two made-up rows, to fill in. */
  app.get<PrintRoute>('/c/:slug/print/sign-up-sheet.csv', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const example = campaign.letter.paragraphs.find((p) => p.optional);
    const csv = [
      SHEET_COLUMNS.map((c) => c.heading).join(','),
      `Example Signer,"12 Example Street / Springfield, IL 62701",,${example ? `"${example.id}"` : ''}`,
      'Another Example,,"I am writing because I care about this.",none',
    ].join('\r\n');
    return reply
      .header('Content-Disposition', `attachment; filename="${campaign.slug}-sign-up-sheet.csv"`)
      .type('text/csv; charset=utf-8')
      .send(`\uFEFF${csv}\r\n`);
  });

  app.post<PrintRoute>('/c/:slug/print/sheet', { bodyLimit: SHEET_BYTES_MAX * 2 }, async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const body = request.body ?? {};
    const offered = offeredFor(campaign);
    const form = sheetFormSchema(offered).safeParse(body);

    // A chosen file wins over the box; either way its text goes back into the box if anything is wrong.
    const file = body.sheet;
    let text = asText(body.rows);
    let fileProblem: string | undefined;
    if (Buffer.isBuffer(file) && file.length > 0) {
      try {
        text = utf8.decode(file);
      } catch {
        fileProblem = 'The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”, then choose it again.';
      }
    }
    const input = { ...body, rows: text, sheet: undefined };
    const errors = form.success ? {} : messagesByField(form.error);
    if (fileProblem) errors.sheet = fileProblem;

    const sheet = fileProblem ? undefined : readSignerSheet(text, campaign);
    const problems = sheet && !sheet.ok ? { rows: sheet.problems, more: sheet.moreProblems } : undefined;
    if (!form.success || !sheet || !sheet.ok) {
      return showPrintRoom(request, reply, campaign, { which: 'sheet', input, errors, problems }, 400);
    }

    if (runsInProgress > 0) return showPrintRoom(request, reply, campaign, { which: 'sheet', input, alert: busyMessage }, 503);
    const signers: Signer[] = sheet.sheet.signers;
    const choices = choicesOf(form.data, offered);
    const letters = signers.length * choices.offices.length;
    if (letters > RUN_LETTERS_MAX) {
      errors.offices = `That is ${letters} letters (${signers.length} signers × ${choices.offices.length} offices); one PDF holds at most ${RUN_LETTERS_MAX}. Choose fewer offices, or split the sheet.`;
      return showPrintRoom(request, reply, campaign, { which: 'sheet', input, errors }, 400);
    }
    return sendRun(reply, campaign, sheetRun(campaign, signers, choices), form.data.job, 'sign-up-sheet', (done) =>
      app.counter.record(sheetCounts(campaign, signers, choices, done.lettersPerOffice)),
    );
  });

  app.post<PrintRoute>('/c/:slug/print/event', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const body = request.body ?? {};
    const offered = offeredFor(campaign);
    const form = eventFormSchema(campaign, offered).safeParse(body);
    if (!form.success) return showPrintRoom(request, reply, campaign, { which: 'event', input: body, errors: messagesByField(form.error) }, 400);
    if (runsInProgress > 0) return showPrintRoom(request, reply, campaign, { which: 'event', input: body, alert: busyMessage }, 503);
    const choices = choicesOf(form.data, offered);
    const run = eventRun(campaign, form.data.perOffice, form.data.paragraphs, choices);
    return sendRun(reply, campaign, run, form.data.job, 'event-letters', (done) =>
      app.counter.record({ type: 'blank-letters', campaign: campaign.slug, letters: done.letters }),
    );
  });

  app.post<PrintRoute>('/c/:slug/print/posted', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const body = request.body ?? {};
    const form = postedFormSchema(campaign, offeredFor(campaign)).safeParse(body);
    if (!form.success) return showPrintRoom(request, reply, campaign, { which: 'posted', input: body, errors: messagesByField(form.error) }, 400);
    const token = pageTokens.verify(form.data.token, postedScope(campaign.slug));
    if (!token) {
      return showPrintRoom(request, reply, campaign, { which: 'posted', input: body, errors: { posted: 'This form has expired. Nothing was counted: please send it again.' } }, 400);
    }
    const total = Object.values(form.data.posted).reduce((a, b) => a + b, 0);
    // Sending the same form twice (a reload, a double click) counts it once.
    let first: boolean;
    try {
      first = await app.onceStore.claim(onceKey(token.nonce, 'event-posted'), pageTokens.ttlMs);
    } catch (err) {
      if (!(err instanceof OnceStoreUnavailable)) throw err;
      reply.log.warn({ err }, 'event letters not counted: once-store unavailable');
      return showPrintRoom(request, reply, campaign, { which: 'posted', input: body, errors: { posted: 'Nothing could be counted just now. Please send the form again in a minute.' } }, 503);
    }
    if (first) app.counter.record(postedCounts(campaign, form.data.posted, form.data.paragraphs, form.data.paperSize));
    return reply.redirect(`/organize/c/${campaign.slug}/print?posted=${total}`, 303);
  });

  app.get<{ Params: { id: string } }>('/print-jobs/:id', async (request) => {
    const job = JOB_ID_SHAPE.test(request.params.id) ? jobs.get(request.params.id) : undefined;
    if (!job) throw new AppError('NO_SUCH_RUN', 'No print run with this id is known here.', 404);
    return job;
  });
}

function choicesOf(form: { offices: string[]; paperSize: 'letter' | 'a4'; addressLabels: PrintChoices['addressLabels'] }, offered: Office[]): PrintChoices {
  return { offices: offered.filter((o) => form.offices.includes(o.id)), paperSize: form.paperSize, addressLabels: form.addressLabels };
}
