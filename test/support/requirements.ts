// The outside tools some tests need, detected once per run, and how a test file says it needs them.
//
// vitest.config.ts lists this file under globalSetup: setup() detects each tool once, in the main process, and
// hands the results to the test files. A test file declares what it needs at its top:
//
//   const needs = requireTools('poppler', 'chromium');
//   describe.skipIf(needs.missing)('…', () => { … });
//
// When a tool is missing, requireTools() prints one line naming the file, the tool and how to get it, and the
// file's describes are skipped; the run ends with a summary of what was skipped and why. With CI=true a missing
// tool fails the run instead (setup() throws before any test runs), so CI still proves everything.
//
// PostgreSQL is not a per-file tool: it is used only when TEST_DATABASE_URL is set, and then by every test with a
// database. So setup() checks it then, and a PostgreSQL that does not answer fails the run, in CI or not.
//
// TEST_HIDE_TOOLS=poppler,chromium,redis makes this module report those tools as missing even when they are
// installed: to see the skip lines and the summary, or the CI=true failure, without uninstalling anything.
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import pg from 'pg';
import { expect, inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from './paths.ts';

export type Tool = 'poppler' | 'chromium' | 'redis';

/** The Chromium the browser tests drive: Debian's, or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The Redis the several-instances and once-store tests share. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const POPPLER_BINARIES = ['pdftotext', 'pdftoppm', 'pdffonts', 'pdfinfo'];
const REDIS_TIMEOUT_MS = 500;
const POSTGRES_TIMEOUT_MS = 3_000;

/** How to get each tool on Debian or Ubuntu (.ci/run does all of this). */
const HOW_TO_GET: Record<Tool, string> = {
  poppler: 'apt-get install poppler-utils',
  chromium: 'apt-get install chromium, or set CHROMIUM_PATH',
  redis: 'apt-get install redis-server && redis-server --daemonize yes, or set TEST_REDIS_URL',
};

export interface ToolStatus {
  tool: Tool;
  /** Why it counts as missing; undefined when it is there. */
  missing?: string;
}

interface Provided {
  tools: ToolStatus[];
  /** Where test files leave a note when they skip, for the summary at the end. */
  skipDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    requirements: Provided;
  }
}

// ---------------------------------------------------------------- detection (main process, once per run)

function hiddenTools(): Set<string> {
  const hidden = new Set((process.env.TEST_HIDE_TOOLS ?? '').split(',').map((t) => t.trim()).filter(Boolean));
  const unknown = [...hidden].filter((t) => !(t in HOW_TO_GET));
  if (unknown.length) throw plainError(`TEST_HIDE_TOOLS names ${unknown.join(', ')}; the tools are ${Object.keys(HOW_TO_GET).join(', ')}`);
  return hidden;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Like `which`: the first executable `name` on PATH (or `name` itself when it has a slash). */
function onPath(name: string): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function popplerMissing(): string | undefined {
  const absent = POPPLER_BINARIES.filter((name) => !onPath(name));
  return absent.length ? `${absent.join(', ')} not on PATH` : undefined;
}

function chromiumMissing(): string | undefined {
  return onPath(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} not found`;
}

/** A URL without its password, for messages. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

const resp = (...parts: string[]) => `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;

/** Sends PING (after AUTH when the URL has a password); undefined when PONG comes back within the timeout. */
function redisMissing(url: string): Promise<string | undefined> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(`TEST_REDIS_URL is not a URL: ${url}`);
  }
  const host = target.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(target.port || 6379);
  const auth = target.password
    ? resp('AUTH', ...(target.username ? [decodeURIComponent(target.username)] : []), decodeURIComponent(target.password))
    : '';
  return new Promise((resolve) => {
    const socket: net.Socket =
      target.protocol === 'rediss:' ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
    let answer = '';
    const done = (reason: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done(`no answer to PING from ${shown(url)} within ${REDIS_TIMEOUT_MS} ms`), REDIS_TIMEOUT_MS);
    socket.once(target.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write(auth + resp('PING')));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('+PONG\r\n')) done(undefined);
      else if (answer.startsWith('-') || answer.includes('\r\n-')) done(`${shown(url)} answered ${answer.split('\r\n').find((l) => l.startsWith('-'))}`);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => done(`nothing answers at ${shown(url)}: ${error.code ?? error.message}`));
  });
}

/** Each tool's status, TEST_HIDE_TOOLS applied. */
export async function detectTools(): Promise<ToolStatus[]> {
  const hidden = hiddenTools();
  const found: Record<Tool, string | undefined> = {
    poppler: popplerMissing(),
    chromium: chromiumMissing(),
    redis: await redisMissing(REDIS_URL),
  };
  return (Object.keys(found) as Tool[]).map((tool) => ({
    tool,
    missing: hidden.has(tool) ? 'hidden by TEST_HIDE_TOOLS' : found[tool],
  }));
}

/** undefined when TEST_DATABASE_URL is unset or its PostgreSQL answers a query. */
async function postgresProblem(): Promise<string | undefined> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return undefined;
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    return `TEST_DATABASE_URL is not a URL: ${url}`;
  }
  base.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: base.toString(), connectionTimeoutMillis: POSTGRES_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return [
      `TEST_DATABASE_URL is set, but PostgreSQL at ${shown(url)} does not answer (${(error as Error).message || String(error)}).`,
      `Start it (apt-get install postgresql; pg_ctlcluster <version> main start), or unset TEST_DATABASE_URL to test on SQLite.`,
    ].join('\n');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** "poppler (pdftotext not on PATH) → apt-get install poppler-utils" */
const describeMissing = ({ tool, missing }: ToolStatus) => `${tool} (${missing}) → ${HOW_TO_GET[tool]}`;

const inCi = () => ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

/** An error vitest prints as the message alone, without a stack trace into this file. */
function plainError(message: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}`;
  return error;
}

/** globalSetup: detect once, refuse to run in CI with something missing, and summarise the skips at the end. */
export default async function setup(project: TestProject): Promise<() => void> {
  const problem = await postgresProblem();
  if (problem) throw plainError(problem);
  const tools = await detectTools();
  const missing = tools.filter((t) => t.missing);
  if (inCi() && missing.length > 0) {
    throw plainError(
      [
        'CI=true and tools the tests need are missing (outside CI their test files would be skipped):',
        ...missing.map((t) => `  ${describeMissing(t)}`),
      ].join('\n'),
    );
  }
  const skipDir = mkdtempSync(path.join(tmpdir(), 'appeal-letters-skips-'));
  project.provide('requirements', { tools, skipDir });
  return () => {
    try {
      printSummary(tools, skipDir);
    } finally {
      rmSync(skipDir, { recursive: true, force: true });
    }
  };
}

/** Names joined with commas, in lines of about 110 characters. */
function wrap(names: string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    if (line && line.length + name.length > 110) {
      lines.push(`${indent}${line},`);
      line = '';
    }
    line = line ? `${line}, ${name}` : name;
  }
  if (line) lines.push(indent + line);
  return lines;
}

function printSummary(tools: ToolStatus[], skipDir: string): void {
  const byTool = new Map<Tool, Set<string>>();
  for (const name of readdirSync(skipDir)) {
    const note = JSON.parse(readFileSync(path.join(skipDir, name), 'utf8')) as { file: string; tools: Tool[] };
    for (const tool of note.tools) byTool.set(tool, (byTool.get(tool) ?? new Set()).add(note.file));
  }
  if (byTool.size === 0) return;
  const files = new Set([...byTool.values()].flatMap((set) => [...set]));
  const lines = [`Skipped ${files.size} test file${files.size === 1 ? '' : 's'} for missing tools (with CI=true they fail the run instead):`];
  for (const status of tools) {
    const skipped = byTool.get(status.tool);
    if (!skipped) continue;
    lines.push(`  ${describeMissing(status)}`);
    lines.push(...wrap([...skipped].sort(), '    '));
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

// ---------------------------------------------------------------- declaration (each test file)

export interface Needs {
  /** True when any of the tools is missing: pass it to describe.skipIf(). */
  missing: boolean;
  /** The tools that are missing. */
  tools: Tool[];
}

const announced = new Set<string>();

/**
 * Declares the tools this test file needs. Call it once, at the top of the file, and skip with
 * `describe.skipIf(needs.missing)`. When something is missing it prints one line and notes the file for the
 * summary at the end of the run.
 */
export function requireTools(...tools: Tool[]): Needs {
  const provided = inject('requirements');
  if (!provided) throw new Error('test/support/requirements.ts: no tool detection results; is it listed under globalSetup in vitest.config.ts?');
  const missing = provided.tools.filter((t) => t.missing && tools.includes(t.tool));
  if (missing.length === 0) return { missing: false, tools: [] };

  const testPath = expect.getState().testPath ?? 'an unknown test file';
  const file = path.relative(REPO_ROOT, testPath);
  if (!announced.has(file)) {
    announced.add(file);
    const why = missing.map(describeMissing).join('; ');
    // Straight to stderr, not console: vitest would wrap a console line in a header of its own.
    process.stderr.write(`skipped ${file}: needs ${why}\n`);
    writeFileSync(
      path.join(provided.skipDir, `${process.pid}-${announced.size}-${Math.random().toString(36).slice(2)}.json`),
      JSON.stringify({ file, tools: missing.map((t) => t.tool) }),
    );
  }
  return { missing: true, tools: missing.map((t) => t.tool) };
}
