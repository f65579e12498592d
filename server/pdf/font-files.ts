import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BroadcastChannel } from 'node:worker_threads';

/**
 * The font files' bytes, read once per process into memory every PDF worker shares: each worker used to read its
 * own copy of every CJK face it met (5 to 10 MB each, 58 MB for all eight), so two workers held them twice. The
 * pool's thread owns the shared memory; a worker that needs a face asks for it and waits (a few milliseconds, once
 * per face and process); a face nobody asks for is never read. Untouched shared memory costs no RSS.
 */
export interface SharedFontFiles {
  channel: string;
  files: readonly { file: string; offset: number; size: number }[];
  bytes: SharedArrayBuffer;
  /** One Int32 per file: UNREAD, READ, or FAILED (the worker then reads the file itself). */
  states: SharedArrayBuffer;
}

const NOTO = '@expo-google-fonts';
/** The embedded fonts, by face (fonts.ts says which text each is for). */
export const FONT_FILES = {
  serif: `${NOTO}/noto-serif/400Regular/NotoSerif_400Regular.ttf`,
  serifBold: `${NOTO}/noto-serif/700Bold/NotoSerif_700Bold.ttf`,
  serifItalic: `${NOTO}/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf`,
  sansKR: `${NOTO}/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf`,
  sansKRBold: `${NOTO}/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf`,
  sansSC: `${NOTO}/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf`,
  sansSCBold: `${NOTO}/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf`,
  sansJP: `${NOTO}/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf`,
  sansJPBold: `${NOTO}/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf`,
  sansTC: `${NOTO}/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf`,
  sansTCBold: `${NOTO}/noto-sans-tc/700Bold/NotoSansTC_700Bold.ttf`,
} as const;

const UNREAD = 0;
const READ = 1;
const FAILED = 2;
/** Longer than any read of a font file; past it the worker reads the file itself. */
const WAIT_MS = 10_000;

const require = createRequire(import.meta.url);
export const resolveFontFile = (specifier: string): string => require.resolve(specifier);

let channels = 0;

/** In the pool's thread: offers the font files to the workers that get the returned value (as workerData). */
export function shareFontFiles(): { shared: SharedFontFiles; close(): void } {
  let offset = 0;
  const layout = Object.values(FONT_FILES).map((specifier) => {
    const file = resolveFontFile(specifier);
    const size = statSync(file).size;
    const entry = { file, offset, size };
    offset += size;
    return entry;
  });
  const shared: SharedFontFiles = {
    channel: `appeal-letters-fonts-${process.pid}-${++channels}`,
    files: layout,
    bytes: new SharedArrayBuffer(offset),
    states: new SharedArrayBuffer(4 * layout.length),
  };
  const states = new Int32Array(shared.states);
  const channel = new BroadcastChannel(shared.channel);
  channel.onmessage = (event) => {
    const index = (event as { data: number }).data;
    const entry = layout[index];
    if (!entry || Atomics.load(states, index) !== UNREAD) return;
    try {
      readInto(entry.file, new Uint8Array(shared.bytes, entry.offset, entry.size));
      Atomics.store(states, index, READ);
    } catch {
      Atomics.store(states, index, FAILED);
    }
    Atomics.notify(states, index);
  };
  channel.unref();
  return { shared, close: () => channel.close() };
}

function readInto(file: string, target: Uint8Array): void {
  const fd = openSync(file, 'r');
  try {
    let done = 0;
    while (done < target.length) {
      const read = readSync(fd, target, done, target.length - done, done);
      if (read === 0) throw new Error(`${file} is shorter than it was`);
      done += read;
    }
  } finally {
    closeSync(fd);
  }
}

/** In a worker: the bytes of `file`, from the shared memory when the pool offers it, else read from disk. */
export function fontFileReader(shared: SharedFontFiles | undefined): (file: string) => Buffer {
  if (!shared) return (file) => readFileSync(file);
  const states = new Int32Array(shared.states);
  const channel = new BroadcastChannel(shared.channel);
  channel.unref();
  return (file) => {
    const index = shared.files.findIndex((entry) => entry.file === file);
    if (index < 0) return readFileSync(file);
    if (Atomics.load(states, index) === UNREAD) {
      channel.postMessage(index);
      Atomics.wait(states, index, UNREAD, WAIT_MS);
    }
    if (Atomics.load(states, index) !== READ) return readFileSync(file);
    const { offset, size } = shared.files[index]!;
    return Buffer.from(shared.bytes, offset, size);
  };
}
