// Part of `npm run bench`: how long a supporter waits for the campaign page while an organizer uploads a hostile or a
// large sign-up sheet to the print room, against the same page with no upload, measured together in one run.
import autocannon from 'autocannon';
import { Browser } from '../support/organize.ts';
import { fetchBrowser, signInOverHttp } from '../support/server-process.ts';

export interface SheetSetup {
  baseUrl: string;
  campaignPath: string;
  organizerToken: string;
  /** The office the sheet's letters are for. */
  office: string;
}

const SHEETS: Array<{ name: string; text: () => string }> = [
  { name: '4,000,000 blank rows (7.6 MB)', text: () => `name,address\n${',\n'.repeat(4_000_000)}Kim Lee,\n` },
  { name: 'a spreadsheet export: 2 signers, 1,000,000 empty rows after', text: () => `name,address,own words\r\nKim Lee,,\r\nAna Diaz,,\r\n${',,\r\n'.repeat(1_000_000)}` },
  {
    name: '10,000 signers with own words (7 MB), the last one bad',
    text: () => {
      const words = 'I write because my neighbour’s family was sent back. '.repeat(12);
      return ['name,address,own words', ...Array.from({ length: 9_999 }, (_, i) => `Signer ${i + 1},"${i} Main St / Springfield",${words}`), `,nameless,${words}`].join('\n');
    },
  },
];

/** A signed-in organizer's cookies and the print room's form fields. */
async function signIn({ baseUrl, campaignPath, organizerToken }: SheetSetup) {
  const browse = fetchBrowser(baseUrl);
  await signInOverHttp(browse, organizerToken);
  const printPath = `/organize${campaignPath}/print`;
  const printPage = await (await browse(printPath)).text();
  const job = /name="job" value="([^"]+)"/.exec(printPage.slice(printPage.indexOf(`${printPath}/sheet`)))![1]!;
  return { browse, printPath, csrf: Browser.csrfOf(printPage), job };
}

/** Prints the campaign page's latency with no upload and during each sheet's; returns the targets missed. */
export async function benchSheets(setup: SheetSetup): Promise<string[]> {
  const { browse, printPath, csrf, job } = await signIn(setup);
  const pageLoad = (duration: number) => autocannon({ url: setup.baseUrl + setup.campaignPath, connections: 2, duration });
  /** The page asked for from the start of `work` to its end. */
  const pageLoadDuring = (work: Promise<unknown>) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ url: setup.baseUrl + setup.campaignPath, connections: 2, duration: 120 }, (err, result) => (err ? reject(err) : resolve(result)));
      void work.finally(() => instance.stop());
    });
  const rows: string[][] = [];
  const quiet = await pageLoad(3);
  rows.push(['no upload', '—', `${quiet.latency.p50} ms`, `${quiet.latency.p99} ms`, `${quiet.latency.max} ms`]);
  const misses: string[] = [];
  for (const sheet of SHEETS) {
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('job', job);
    form.set('sheet', new Blob([sheet.text()], { type: 'text/csv' }), 'sheet.csv');
    form.set('offices', setup.office);
    form.set('paperSize', 'letter');
    form.set('addressLabels', 'none');
    form.set('testPrint', 'on');
    const started = Date.now();
    let uploadMs = 0;
    const upload = browse(`${printPath}/sheet`, { method: 'POST', body: form }).then(async (response) => {
      await response.arrayBuffer();
      uploadMs = Date.now() - started;
      return response.status;
    });
    const during = await pageLoadDuring(upload);
    const status = await upload;
    rows.push([sheet.name, `${status} in ${uploadMs} ms`, `${during.latency.p50} ms`, `${during.latency.p99} ms`, `${during.latency.max} ms`]);
    // Far above the quiet page's p99, yet far below the seconds a sheet read in one piece held every request.
    if (during.latency.max > 1000) misses.push(`print room: a supporter's page waited ${during.latency.max} ms during "${sheet.name}"`);
  }
  console.log('\nprint room: the campaign page (2 connections) with no upload (3 s), and while each sheet is uploaded and read');
  const header = ['upload', 'answer', 'page p50', 'page p99', 'page max'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  return misses;
}
