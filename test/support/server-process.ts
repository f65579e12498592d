import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { Browser } from './organize.ts';
import { REPO_ROOT } from './paths.ts';

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
}

/**
 * The compiled server (bundleServer's module, what `npm start` runs) in its own process on 127.0.0.1 and a free port,
 * with `env` added to this process's; its output goes to `logFile`. Resolves once it listens.
 */
export async function startServerProcess(serverModule: string, env: Record<string, string>, logFile: string): Promise<ServerProcess> {
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [serverModule], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  return { child, baseUrl };
}

export type FetchBrowser = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * A browser over fetch, for a server in its own process: keeps the cookies it is given, sends them with
 * `Sec-Fetch-Site: same-origin` and `headers` on every request, and follows no redirect.
 */
export function fetchBrowser(baseUrl: string, headers: Record<string, string> = {}): FetchBrowser {
  const jar = new Map<string, string>();
  return async (url, init = {}) => {
    const response = await fetch(baseUrl + url, {
      ...init,
      redirect: 'manual',
      headers: { 'sec-fetch-site': 'same-origin', ...headers, ...init.headers, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
}

/** Opens the organizer sign-in page and signs in with `credential`; returns the answer to the sign-in post. */
export async function signInOverHttp(browse: FetchBrowser, credential: string): Promise<Response> {
  const signInPage = await (await browse('/organize/sign-in')).text();
  return browse('/organize/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: Browser.csrfOf(signInPage), credential }).toString(),
  });
}
