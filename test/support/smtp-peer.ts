// Real SMTP peers for the mailer tests: a working server (smtp-server) that keeps what it receives in
// memory, and plain TCP servers that misbehave (never greet, answer too slowly) or are not there.
import net from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMessage {
  mailFrom: string | false;
  rcptTo: string[];
  /** The message exactly as it came over DATA, CRLF line ends. */
  raw: string;
}

export interface SmtpPeer {
  url: string;
  port: number;
  messages: ReceivedMessage[];
  /** TCP connections accepted, whether or not an SMTP session followed. */
  connections: number;
  close(): Promise<void>;
}

export interface SmtpPeerOptions {
  /** Where to listen (default 127.0.0.1); the URL names this host. */
  host?: string;
  /** Refuse a recipient: return an SMTP reply code and text, or undefined to accept. */
  rejectRecipient?: (address: SMTPServerAddress) => { code: number; message: string } | undefined;
}

/** smtp-server on 127.0.0.1, any free port, no TLS, no authentication needed. */
export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const messages: ReceivedMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const rejection = options.rejectRecipient?.(address);
      if (!rejection) return callback();
      const err = new Error(rejection.message) as Error & { responseCode: number };
      err.responseCode = rejection.code;
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('latin1'),
        });
        callback();
      });
    },
  });
  const peer: SmtpPeer = {
    url: '',
    port: 0,
    messages,
    connections: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  server.server.on('connection', () => {
    peer.connections++;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve());
  });
  peer.port = (server.server.address() as net.AddressInfo).port;
  peer.url = `smtp://${options.host ?? '127.0.0.1'}:${peer.port}`;
  return peer;
}

export interface TcpPeer {
  url: string;
  /** Accepted sockets, and whether each has since been closed. */
  sockets: { closed: boolean }[];
  close(): Promise<void>;
}

/**
 * A TCP server that plays SMTP badly. `onSocket` decides what it says; every socket is destroyed
 * on close(), so a test that never gets an answer does not keep the process alive.
 */
export async function startTcpPeer(onSocket: (socket: net.Socket) => void): Promise<TcpPeer> {
  const open = new Set<net.Socket>();
  const sockets: { closed: boolean }[] = [];
  const server = net.createServer((socket) => {
    const record = { closed: false };
    sockets.push(record);
    open.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      record.closed = true;
      open.delete(socket);
    });
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface MimePart {
  headers: Map<string, string>;
  body: string;
}

/** Splits a message or part into unfolded headers (lower-case names) and body. */
export function splitPart(raw: string): MimePart {
  const end = raw.indexOf('\r\n\r\n');
  const head = end === -1 ? raw : raw.slice(0, end);
  const body = end === -1 ? '' : raw.slice(end + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** Every header line of the top-level message with its name, in order (to count To/Bcc/Cc). */
export function headerNames(raw: string): string[] {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
  return head
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .map((line) => line.slice(0, line.indexOf(':')).trim().toLowerCase());
}

/** The parts of a multipart body, by the boundary in its Content-Type. */
export function multipartParts(part: MimePart): MimePart[] {
  const contentType = part.headers.get('content-type') ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const sections = part.body.split(`--${boundary}`);
  // Drop the preamble and everything after the closing delimiter ("--boundary--").
  return sections
    .slice(1)
    .filter((section) => !section.startsWith('--'))
    .map((section) => splitPart(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
}

/** A header parameter such as filename="letter.pdf". */
export function headerParam(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const match = new RegExp(`(?:^|;)\\s*${name}="?([^";]*)"?`, 'i').exec(value);
  return match?.[1];
}
