import { setFlagsFromString } from 'node:v8';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { ContentError } from './content/catalog.ts';
import { MessagesError } from './i18n/messages.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { MigrationError } from './db/migrate.ts';

/** Start-up problems a person can fix: shown as a plain message, without a stack trace. */
function explainStartupError(error: unknown, config?: Config): string | undefined {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof ContentError) return `The campaign or office files are not valid:\n${error.message}`;
  if (error instanceof MessagesError) return error.message;
  if (error instanceof MigrationError) return `The database could not be migrated:\n${error.message}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return `Port ${config?.port} is already in use: stop the other server or set PORT to another port.`;
  if (code === 'EACCES') return `Not allowed to listen on port ${config?.port}: choose a port above 1023 with PORT.`;
  return undefined;
}

// V8 lets a busy server's heap grow to several times what it holds before collecting (measured: the main thread's
// heap 49 → 144 MB under the benchmark, 46 MB of it live). Growing by a fifth after each full collection kept it under
// 100 MB at the same speed (README → Benchmark). Set before the PDF workers start, so their heaps follow it too.
setFlagsFromString('--heap-growing-percent=20');

let config: Config | undefined;
let app: FastifyInstance | undefined;
try {
  config = loadConfig();
  app = await buildApp(config);
  const running = app;
  // On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (new ones get 503), write the
  // counts still in memory, close the database. A second signal, or the grace period running out, exits at once.
  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
    if (err) running.log.error({ err }, 'shutting down after an error');
    else running.log.info({ signal }, 'shutting down');
    await running.close();
  });
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  const explanation = explainStartupError(error, config);
  if (!explanation) throw error;
  console.error(`appeal-letters could not start.\n${explanation}`);
  await app?.close().catch(() => undefined);
  process.exit(1);
}
