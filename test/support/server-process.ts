import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
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
