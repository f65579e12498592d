import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Campaign } from '../../content/campaign.ts';
import { onceKey, OnceStoreUnavailable } from '../../next-steps/once-store.ts';
import { choicesOf, postedCounts, runTooBig } from '../../print-room/compose.ts';
import { SHEET_BYTES_MAX } from '../../print-room/limits.ts';
import { printRoomPageModel, signUpSheetTemplate, type PrintRoomState } from '../../print-room/page.ts';
import { PrintRoomBusy, type StartedRun } from '../../print-room/run.ts';
import { readSignerSheet, type SheetResult } from '../../print-room/signers.ts';
import { JOB_ID_SHAPE } from '../../print-room/jobs.ts';
import { AppError } from '../../shared/errors.ts';
import { asText, type RawForm } from '../../shared/form-input.ts';
import { organizerRedirect, type OrganizerContext } from './context.ts';
import { eventFormSchema, messagesByField, postedFormSchema, sheetFormSchema } from './print-room.schema.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** In the print room: whether the upload was read before any error. */
    printBodyRead: boolean;
  }
}

interface PrintRoute {
  Params: { slug: string };
  Body: RawForm;
  Querystring: { posted?: string };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const postedScope = (slug: string) => `posted:${slug}`;
const MB = SHEET_BYTES_MAX / 1024 / 1024;
/** The problems with a whole request, shown at the top of the print room. */
const tooBig = (request: FastifyRequest) => request.t('organize.print.alerts.tooBig', { megabytes: MB });
const unreadable = (request: FastifyRequest) => request.t('organize.print.alerts.unreadable');
const busy = (request: FastifyRequest) => request.t('organize.print.alerts.busy');
/** The print room's own address, without the query: what a form's answer is about. */
const printRoomPath = (slug: string) => `/organize/c/${slug}/print`;

/**
 * The print room: a sign-up sheet (CSV file or pasted rows) becomes one PDF of every signer's letter to every chosen
 * office, or blank letters are printed for an event and later reported posted. The sheet is read from the request
 * in memory, checked whole before anything is printed, streamed out as a PDF and forgotten.
 */
export default async function printRoomRoutes(app: FastifyInstance, opts: { context: OrganizerContext }) {
  const { page, campaignFor } = opts.context;
  const { printRoom, pageTokens } = app;

  // Files stay in memory (never in a temporary folder) and are bounded. A pasted field may run one byte past the
  // limit, so that a field cut there by the parser is seen as too long and refused, never printed cut short.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: SHEET_BYTES_MAX, files: 1, fields: 100, fieldSize: SHEET_BYTES_MAX + 1, parts: 110 },
  });

  // Whether the request's body was read: an error before that is the upload's, and is told as such (not a 500).
  app.decorateRequest('printBodyRead', false);
  app.addHook('preHandler', async (request) => {
    request.printBodyRead = true;
  });
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest<PrintRoute>, reply) => {
    const unread = request.method === 'POST' && !request.printBodyRead && !error.code?.startsWith('FST_CSRF_') && !(error instanceof AppError);
    if (!unread) throw error;
    const campaign = campaignFor(request.params.slug);
    // The form's address, without the query (?lang=…) every organizer form's action carries.
    const path = request.url.split('?', 1)[0] ?? '';
    const which = path.endsWith('/event') ? 'event' : path.endsWith('/posted') ? 'posted' : 'sheet';
    if (error.statusCode === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      return showPrintRoom(request, reply, campaign, { which, alert: tooBig(request) }, 413);
    }
    request.log.warn({ code: error.code }, 'a print-room upload could not be read');
    return showPrintRoom(request, reply, campaign, { which, alert: unreadable(request) }, 400);
  });

  const offeredFor = (campaign: Campaign) => app.catalog.offeredOffices(campaign);

  function showPrintRoom(request: FastifyRequest, reply: FastifyReply, campaign: Campaign, state: PrintRoomState = {}, statusCode = 200) {
    const model = printRoomPageModel({
      campaign,
      offered: offeredFor(campaign),
      state,
      newJobId: printRoom.jobs.newId,
      postedToken: pageTokens.issue(postedScope(campaign.slug)),
      t: request.t,
      language: request.lang,
    });
    // The answer to a form switches language to the print room itself.
    const switchTo = request.method === 'POST' ? printRoomPath(campaign.slug) : undefined;
    return reply.code(statusCode).viewAsync('pages/organize/print.hbs', page(request, reply, model, switchTo));
  }

  function sendRun(reply: FastifyReply, run: StartedRun) {
    return reply
      .header('Cache-Control', 'no-store')
      .header('Content-Disposition', `attachment; filename="${run.fileName}"`)
      .type('application/pdf')
      .send(run.stream);
  }

  app.get<PrintRoute>('/c/:slug/print', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const posted = Number(request.query.posted);
    const notice = Number.isInteger(posted) && posted > 0 ? request.t('organize.print.posted.counted', { count: posted }) : undefined;
    return showPrintRoom(request, reply, campaign, { notice });
  });

  /** A sheet with the right headings and two made-up rows, to fill in. */
  app.get<PrintRoute>('/c/:slug/print/sign-up-sheet.csv', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    return reply
      .header('Content-Disposition', `attachment; filename="${campaign.slug}-sign-up-sheet.csv"`)
      .type('text/csv; charset=utf-8')
      .send(signUpSheetTemplate(campaign, request.t));
  });

  app.post<PrintRoute>('/c/:slug/print/sheet', { bodyLimit: SHEET_BYTES_MAX * 2 }, async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const body = request.body ?? {};
    const offered = offeredFor(campaign);
    const form = sheetFormSchema(offered, request.t).safeParse(body);

    // A chosen file wins over the box; either way its text goes back into the box if anything is wrong.
    const file = body.sheet;
    let text = asText(body.rows);
    let fileProblem: string | undefined;
    if (Buffer.isBuffer(file) && file.length > 0) {
      try {
        text = utf8.decode(file);
      } catch {
        fileProblem = request.t('organize.print.alerts.notUtf8');
      }
    }
    // Pasted rows over the limit are refused whole, and not put back in the box (the page would be as large).
    if (Buffer.byteLength(text) > SHEET_BYTES_MAX) {
      return showPrintRoom(request, reply, campaign, { which: 'sheet', input: { ...body, rows: '', sheet: undefined }, alert: tooBig(request) }, 413);
    }
    const input = { ...body, rows: text, sheet: undefined };
    const errors = form.success ? {} : messagesByField(form.error);
    if (fileProblem) errors.sheet = fileProblem;

    let sheet: SheetResult | undefined;
    if (!fileProblem) {
      // Read in slices between which supporters' requests are answered; the two lines say how long it held the room.
      request.log.info({ bytes: Buffer.byteLength(text) }, 'reading a sign-up sheet');
      sheet = await readSignerSheet(text, campaign, request.t);
      request.log.info({ signers: sheet.ok ? sheet.sheet.signers.length : 0, refused: !sheet.ok }, 'sign-up sheet read');
    }
    const problems = sheet && !sheet.ok ? { rows: sheet.problems, more: sheet.moreProblems } : undefined;
    if (!form.success || !sheet || !sheet.ok) return showPrintRoom(request, reply, campaign, { which: 'sheet', input, errors, problems }, 400);

    if (printRoom.busy()) return showPrintRoom(request, reply, campaign, { which: 'sheet', input, alert: busy(request) }, 503);
    const { signers } = sheet.sheet;
    const choices = choicesOf(form.data, offered);
    const tooMany = runTooBig(signers, choices, request.t);
    if (tooMany) return showPrintRoom(request, reply, campaign, { which: 'sheet', input, errors: { offices: tooMany } }, 400);
    try {
      return sendRun(reply, printRoom.printSheet(campaign, signers, choices, form.data.job, { testPrint: form.data.testPrint }));
    } catch (err) {
      if (!(err instanceof PrintRoomBusy)) throw err;
      return showPrintRoom(request, reply, campaign, { which: 'sheet', input, alert: busy(request) }, 503);
    }
  });

  app.post<PrintRoute>('/c/:slug/print/event', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const body = request.body ?? {};
    const offered = offeredFor(campaign);
    const form = eventFormSchema(campaign, offered, request.t).safeParse(body);
    if (!form.success) return showPrintRoom(request, reply, campaign, { which: 'event', input: body, errors: messagesByField(form.error) }, 400);
    try {
      return sendRun(reply, printRoom.printEvent(campaign, form.data.perOffice, form.data.paragraphs, choicesOf(form.data, offered), form.data.job));
    } catch (err) {
      if (!(err instanceof PrintRoomBusy)) throw err;
      return showPrintRoom(request, reply, campaign, { which: 'event', input: body, alert: busy(request) }, 503);
    }
  });

  app.post<PrintRoute>('/c/:slug/print/posted', async (request, reply) => {
    const campaign = campaignFor(request.params.slug);
    const body = request.body ?? {};
    const form = postedFormSchema(campaign, offeredFor(campaign), request.t).safeParse(body);
    if (!form.success) return showPrintRoom(request, reply, campaign, { which: 'posted', input: body, errors: messagesByField(form.error) }, 400);
    const token = pageTokens.verify(form.data.token, postedScope(campaign.slug));
    if (!token) {
      return showPrintRoom(request, reply, campaign, { which: 'posted', input: body, errors: { posted: request.t('organize.print.posted.expired') } }, 400);
    }
    const total = Object.values(form.data.posted).reduce((a, b) => a + b, 0);
    // Sending the same form twice (a reload, a double click) counts it once.
    let first: boolean;
    try {
      first = await app.onceStore.claim(onceKey(token.nonce, 'event-posted'), pageTokens.ttlMs);
    } catch (err) {
      if (!(err instanceof OnceStoreUnavailable)) throw err;
      reply.log.warn({ err }, 'event letters not counted: once-store unavailable');
      return showPrintRoom(request, reply, campaign, { which: 'posted', input: body, errors: { posted: request.t('organize.print.posted.unavailable') } }, 503);
    }
    if (first) app.counter.record(postedCounts(campaign, form.data.posted, form.data.paragraphs, form.data.paperSize));
    return reply.redirect(organizerRedirect(request, `${printRoomPath(campaign.slug)}?posted=${total}`), 303);
  });

  app.get<{ Params: { id: string } }>('/print-jobs/:id', async (request) => {
    const job = JOB_ID_SHAPE.test(request.params.id) ? printRoom.jobs.get(request.params.id) : undefined;
    if (!job) throw new AppError('NO_SUCH_RUN', 'No print run with this id is known here.', 404);
    return job;
  });
}
