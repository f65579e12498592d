import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** Inside node_modules, so that a bundle's imports of packages resolve as the sources' do. */
export const BUNDLE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'appeal-letters');

const IMPORT_META = /\bimport\.meta\.(dirname|url)\b/g;

/**
 * Our sources find files beside them through import.meta (templates, message files, fonts' packages, Prisma's
 * client): in a bundle, each module keeps the location of the source it came from.
 */
const keepSourceLocation: Plugin = {
  name: 'keep-source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, ({ path: file }) => ({
      loader: 'ts',
      contents: readFileSync(file, 'utf8').replace(IMPORT_META, (_, property: string) =>
        JSON.stringify(property === 'dirname' ? path.dirname(file) : pathToFileURL(file).href),
      ),
    }));
  },
};

/**
 * Compiles a TypeScript entry point and everything of ours it imports into one JavaScript module (packages stay
 * imports), so that a thread or process runs it without tsx: tsx keeps its loader and every compiled source in
 * memory, in each thread (README → Benchmark has the figures). Takes about 0.1 s. The file is named by a hash of
 * its contents, unless `name` is given, and written whole under another name first: processes starting at once
 * never read half a file.
 */
export async function bundle(entry: string, name?: string): Promise<URL> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    plugins: [keepSourceLocation],
  });
  const code = result.outputFiles[0]!.contents;
  const base = name ?? `${path.basename(entry, '.ts')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}`;
  const file = path.join(BUNDLE_DIR, `${base}.mjs`);
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, code);
  renameSync(partial, file);
  if (!name) removeOldVersions(path.basename(entry, '.ts'), file);
  return pathToFileURL(file);
}

/** Earlier sources' bundles of the same entry, left a day ago or more (a process started since uses its own). */
function removeOldVersions(entryName: string, current: string): void {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const file of readdirSync(BUNDLE_DIR)) {
    const full = path.join(BUNDLE_DIR, file);
    if (full === current || !file.startsWith(`${entryName}-`)) continue;
    try {
      if (statSync(full).mtimeMs < dayAgo) rmSync(full);
    } catch {
      // Removed meanwhile by another process.
    }
  }
}

/** What `npm start` runs (package.json names the same file): the whole server, from server/main.ts. */
export const bundleServer = () => bundle(path.join(REPO_ROOT, 'server', 'main.ts'), 'server');
