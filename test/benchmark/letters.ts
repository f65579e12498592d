/**
 * `npm run bench`: starts the server as `npm start` does (on a throw-away SQLite file), loads the PDF endpoint of the
 * next-steps page (and the form that leads to it) with autocannon on 127.0.0.1 for a bounded time per scenario, and
 * prints packs and letters per second, p50/p99 latency and the server's peak memory. Targets (2 cores): ≥150
 * one-office letters/s with p99 ≤150 ms at 10 connections; ≥40 five-office packs/s; ≥40 five-office fax packs/s;
 * the server's peak RSS ≤400 MB.
 *
 * BENCH_SECONDS (default 10) sets the time per scenario; BENCH_CONNECTIONS (default 10) the concurrency.
 *
 * Then the abuse scenario (abuse.ts), the campaign page's latency while hostile and large sign-up sheets are uploaded
 * (sheets.ts; target: no page waits over a second), and, apart from the server, the print room: one organizer's run of 500 signers × 5 offices made by a one-thread
 * PDF pool in this process, its stream read as it comes. Target: it completes, and this process grows by less than
 * 300 MB (RSS, sampled during the run).
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BulkPack } from '../../server/pdf/index.ts';
import { createPdfRenderer, type PdfRenderer } from '../../server/pdf/pool.ts';
import { bundleServer } from '../../server/shared/bundle.ts';
import { benchAbuse } from './abuse.ts';
import { benchSheets } from './sheets.ts';
import { carriedFields } from '../support/next-steps.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { offices as sampleOffices, samplePack } from '../support/sample-pack.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP_SECONDS = 2;

interface Scenario {
  name: string;
  lettersPerPack: number;
  fields: Record<string, string | string[]>;
  /** Which PDF the next-steps page is asked for; 'page' loads the form post that draws the page itself. */
  kind: 'letter' | 'fax' | 'envelope' | 'page';
  target: { lettersPerSecond?: number; packsPerSecond?: number; p99Ms?: number };
}

function form(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
}

const PRINT_RUN = { signers: 500, rssGrowthMb: 300 };
const COUNTS_TOKEN = 'benchmark-counts-token-0123456789abcdef';
const ORGANIZER_TOKEN = 'benchmark-organizer-token-0123456789abcdef';
const START_MALLOC_TUNABLES: string = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).config.mallocTunables;
/** 10.0.0.0/8, one address per request. */
const supporterAddress = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
/** The server's peak RSS through all the scenarios above, with the default number of PDF workers. */
const PEAK_RSS_MB = 400;

/** A print run like a sign-up sheet's: every other signer adds words of their own, a few write in Hangul. */
function printRun(signers: number): BulkPack {
  const { letter, title, date } = samplePack();
  const { paragraphs, ownWords: _, ...rest } = letter;
  const words = 'my family came here as refugees and I ask you to let people reach safety without fear of being sent back'.split(' ');
  return {
    title,
    language: 'en',
    date,
    paperSize: 'letter',
    letter: rest,
    offices: sampleOffices,
    mode: 'signers',
    addressLabels: 'letter',
    signers: Array.from({ length: signers }, (_, i) => ({
      name: i % 50 === 7 ? '김혜숙' : `Signer ${i + 1} Example`,
      addressLines: [`${100 + i} Example Street`, 'Springfield, IL 62701'],
      paragraphs,
      ownWords: i % 2 ? [Array.from({ length: 40 }, (_, k) => words[(i + k * 7) % words.length]).join(' ') + ` (${i})`] : [],
    })),
  };
}

async function readAll(renderer: PdfRenderer, job: BulkPack): Promise<{ bytes: number; letters: number; pages: number }> {
  const { stream, result } = renderer.renderBulk(job);
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) bytes += chunk.length;
  return { bytes, ...(await result) };
}

/** Prints the print room's numbers; returns its missed targets. */
async function benchPrintRoom(): Promise<string[]> {
  console.log(`
print room: ${PRINT_RUN.signers} signers × ${sampleOffices.length} offices, one worker thread, in this process`);
  const renderer = await createPdfRenderer({ threads: 1 });
  try {
    await readAll(renderer, printRun(3)); // warm-up: the worker's fonts and JIT are not the run's growth
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    const start = performance.now();
    try {
      const run = await readAll(renderer, printRun(PRINT_RUN.signers));
      const seconds = (performance.now() - start) / 1000;
      const growthMb = Math.round((peak - before) / 2 ** 20);
      console.log(
        `${run.letters} letters, ${run.pages} pages in ${seconds.toFixed(1)} s: ${(run.letters / seconds).toFixed(0)} letters/s, ` +
          `PDF ${(run.bytes / 2 ** 20).toFixed(1)} MB, peak RSS growth ${growthMb} MB (target: completes, < ${PRINT_RUN.rssGrowthMb} MB)`,
      );
      return growthMb < PRINT_RUN.rssGrowthMb ? [] : [`print room: RSS grew ${growthMb} MB ≥ ${PRINT_RUN.rssGrowthMb} MB`];
    } finally {
      clearInterval(sampler);
    }
  } catch (error) {
    console.log(`print room failed: ${(error as Error).message}`);
    return ['print room: the run did not complete'];
  } finally {
    await renderer.close();
  }
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'appeal-letters-bench-'));
  // As `npm start` runs it: compiled, without tsx.
  const server = spawn(process.execPath, [fileURLToPath(await bundleServer())], {
    cwd: REPO_ROOT,
    // Behind a 'proxy' (this process) that names each request's client: the scenarios are many supporters, the abuse
    // scenario one script from one address and from a few.
    env: {
      ...process.env,
      // What `npm start` sets (package.json → config): glibc's malloc tuned to give large blocks back (README → Benchmark).
      GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? START_MALLOC_TUNABLES,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${path.join(dir, 'bench.db')}`,
      TRUST_PROXY: '127.0.0.1',
      COUNTS_TOKEN,
      ORGANIZER_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(/listening at (http:\/\/127\.0\.0\.1:\d+)/i);
        if (match) resolve(match[1]!);
      });
      server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
    const home = await fetch(baseUrl, { redirect: 'manual' });
    const campaignPath = home.headers.get('location');
    if (!campaignPath) throw new Error('the start page did not redirect to a campaign');
    const page = await (await fetch(baseUrl + campaignPath)).text();
    // The offices ticked for a first visitor: the campaign's own country's (every other country's are in the page, hidden).
    const officeIds = [...page.matchAll(/name="offices" value="([a-z0-9-]+)"[^>]*checked/g)].map((m) => m[1]!);

    const scenarios: Scenario[] = [
      {
        name: 'one office, Latin name',
        lettersPerPack: 1,
        kind: 'letter',
        fields: { name: 'Łukasz Nguyễn', address: '12 Example Street\nSpringfield, IL 62701', offices: [officeIds[0]!] },
        target: { lettersPerSecond: 150, p99Ms: 150 },
      },
      {
        name: 'one office abroad: a UK letter on A4',
        lettersPerPack: 1,
        kind: 'letter',
        fields: { name: 'Alex Example', address: 'Flat 2, 10 Example Road\nLondon N1 1AA', country: 'GB', paperSize: 'a4', offices: ['embassy-london'] },
        target: { lettersPerSecond: 150, p99Ms: 150 },
      },
      {
        name: 'one office, Hangul name',
        lettersPerPack: 1,
        kind: 'letter',
        fields: { name: '김혜숙', address: '서울특별시 중구 명동', offices: [officeIds[0]!] },
        target: {},
      },
      {
        name: 'a Korean letter with its Chinese translation',
        lettersPerPack: 1,
        kind: 'letter',
        fields: { name: '김혜숙', address: '서울특별시 중구 명동', letterLanguage: 'ko', addTranslation: 'zh-Hans', ownWords: '제 생각을 덧붙입니다.', offices: [officeIds[0]!] },
        target: {},
      },
      {
        name: 'a Japanese letter',
        lettersPerPack: 1,
        kind: 'letter',
        fields: { name: '山田花子', letterLanguage: 'ja', offices: [officeIds[0]!] },
        target: {},
      },
      {
        name: 'a Traditional Chinese letter',
        lettersPerPack: 1,
        kind: 'letter',
        fields: { name: '陳美麗', letterLanguage: 'zh-Hant', offices: [officeIds[0]!] },
        target: {},
      },
      {
        name: `all ${officeIds.length} offices`,
        lettersPerPack: officeIds.length,
        kind: 'letter',
        fields: { name: 'Ada Example', ownWords: 'Please let them go to South Korea.', offices: officeIds },
        target: { packsPerSecond: 40 },
      },
      {
        name: `fax pack, all ${officeIds.length} offices`,
        lettersPerPack: officeIds.length,
        kind: 'fax',
        fields: { name: 'Ada Example', ownWords: 'Please let them go to South Korea.', offices: officeIds },
        target: { packsPerSecond: 40 },
      },
      {
        name: `envelopes, all ${officeIds.length} offices`,
        lettersPerPack: officeIds.length,
        kind: 'envelope',
        fields: { name: 'Ada Example', address: '12 Example Street\nSpringfield, IL 62701', offices: officeIds },
        target: {},
      },
      {
        name: 'the next-steps page (form sent)',
        lettersPerPack: officeIds.length,
        kind: 'page',
        fields: { name: 'Ada Example', ownWords: 'Please let them go to South Korea.', offices: officeIds },
        target: {},
      },
    ];

    console.log(`appeal-letters benchmark: ${SECONDS}s per scenario after ${WARMUP_SECONDS}s of warm-up, ${CONNECTIONS} connections, ${os.cpus().length} cores, Node ${process.version}\n`);
    const rows: string[][] = [];
    const misses: string[] = [];
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
    for (const scenario of scenarios) {
      let url = `${baseUrl}${campaignPath}/letters`;
      let body = form(scenario.fields);
      if (scenario.kind !== 'page') {
        // One next-steps page, whose download button is pressed over and over (each press makes the PDF afresh).
        const { letter, token } = carriedFields(await (await fetch(url, { method: 'POST', headers, body })).text());
        url += '/pdf';
        body = form({ letter, token, kind: scenario.kind });
      }
      // Each request from another supporter's address, as a busy campaign's are: the per-client limits stay out of it.
      let supporter = 0;
      const requests = [{ setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, 'x-forwarded-for': supporterAddress(supporter++) } }) }];
      const load = (duration: number) => autocannon({ url, method: 'POST', connections: CONNECTIONS, duration, headers, body, requests });
      // Unmeasured warm-up: the JIT, the workers' first fonts and the first count flush are not steady state.
      await load(WARMUP_SECONDS);
      const result = await load(SECONDS);
      const ok = result.requests.total - result.non2xx - result.errors;
      const packsPerSecond = ok / SECONDS;
      const lettersPerSecond = packsPerSecond * scenario.lettersPerPack;
      const { p50, p99 } = result.latency as unknown as { p50: number; p99: number };
      rows.push([
        scenario.name,
        packsPerSecond.toFixed(1),
        lettersPerSecond.toFixed(1),
        `${p50} ms`,
        `${p99} ms`,
        String(result.non2xx + result.errors),
      ]);
      const t = scenario.target;
      if (t.lettersPerSecond && lettersPerSecond < t.lettersPerSecond) misses.push(`${scenario.name}: ${lettersPerSecond.toFixed(1)} letters/s < ${t.lettersPerSecond}`);
      if (t.packsPerSecond && packsPerSecond < t.packsPerSecond) misses.push(`${scenario.name}: ${packsPerSecond.toFixed(1)} packs/s < ${t.packsPerSecond}`);
      if (t.p99Ms && p99 > t.p99Ms) misses.push(`${scenario.name}: p99 ${p99} ms > ${t.p99Ms} ms`);
      if (result.non2xx + result.errors > 0) misses.push(`${scenario.name}: ${result.non2xx + result.errors} failed requests`);
    }

    const header = ['scenario', 'packs/s', 'letters/s', 'p50', 'p99', 'failed'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
    const peakMb = peakRssMb(server.pid!);
    console.log(`\npeak server memory (RSS): ${peakMb} MB (target: ≤ ${PEAK_RSS_MB} MB)`);
    if (peakMb > PEAK_RSS_MB) misses.push(`server memory: peak RSS ${peakMb} MB > ${PEAK_RSS_MB} MB`);
    misses.push(...(await benchAbuse({ baseUrl, campaignPath, scriptOffice: officeIds[0]!, browserOffice: officeIds[1]!, countsToken: COUNTS_TOKEN, form })));
    misses.push(...(await benchSheets({ baseUrl, campaignPath, organizerToken: ORGANIZER_TOKEN, office: officeIds[0]! })));
    misses.push(...(await benchPrintRoom()));
    if (misses.length) {
      console.log(`\nmissed targets:\n  ${misses.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log('\nall targets met');
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
