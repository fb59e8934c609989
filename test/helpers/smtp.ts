/**
 * A real SMTP server for tests (the `smtp-server` package) on 127.0.0.1 and a free port. What it
 * does with each message is scripted: accept, answer with a reply code (451, 550 …), or drop the
 * connection in the middle of DATA. Every accepted message is kept with its envelope and raw bytes.
 */
import { createServer, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: Buffer;
  /** MAIL FROM carried the SMTPUTF8 parameter (RFC 6531). */
  readonly smtpUtf8: boolean;
}

/** What the server does with the n-th message (0-based): accept it, refuse it, or drop the line. */
export type DataReply = 'accept' | 'drop' | { readonly code: number; readonly message: string };

export interface SmtpTestServer {
  readonly port: number;
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Messages offered (DATA started), accepted or not. */
  readonly offered: () => number;
  /** What clients sent, as text (commands and data), e.g. to see `RCPT TO:<…>` as on the wire. */
  readonly transcript: () => string;
  close(): Promise<void>;
}

export interface SmtpTestOptions {
  readonly reply?: (index: number) => DataReply;
  /** Recipients refused at RCPT TO with 550. */
  readonly rejectRecipients?: readonly string[];
  /** Require AUTH with these credentials. */
  readonly auth?: { readonly user: string; readonly pass: string };
}

/** Whether MAIL FROM carried the SMTPUTF8 parameter. */
function smtpUtf8Of(mailFrom: false | { args: unknown }): boolean {
  if (mailFrom === false || typeof mailFrom.args !== 'object' || mailFrom.args === null) return false;
  return Boolean((mailFrom.args as Record<string, unknown>).SMTPUTF8);
}

function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startSmtpServer(options: SmtpTestOptions = {}): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  let offered = 0;
  const server = new SMTPServer({
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.auth?.user && auth.password === options.auth?.pass;
      callback(ok ? null : new Error('bad credentials'), ok ? { user: auth.username } : undefined);
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.includes(address.address))
        return callback(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const reply = options.reply?.(offered) ?? 'accept';
      offered += 1;
      if (reply === 'drop') {
        for (const socket of sockets) socket.destroy();
        stream.resume();
        return;
      }
      readStream(stream).then(
        (raw) => {
          if (reply !== 'accept')
            return callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            smtpUtf8: smtpUtf8Of(session.envelope.mailFrom),
          });
          callback(null, `Ok: queued as T${received.length}`);
        },
        (error: Error) => callback(error),
      );
    },
  });
  const wire: Buffer[] = [];
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => wire.push(chunk));
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const credentials = options.auth ? `${options.auth.user}:${options.auth.pass}@` : '';
  return {
    port,
    url: `smtp://${credentials}127.0.0.1:${port}`,
    received,
    offered: () => offered,
    transcript: () => Buffer.concat(wire).toString('utf8'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (taken and released), for a server that is down. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
