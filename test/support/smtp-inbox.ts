import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { type ParsedMail, parseMail } from './mime';

export interface ReceivedMail extends ParsedMail {
  /** Envelope sender and recipients, as the SMTP exchange gave them. */
  readonly from: string;
  readonly recipients: string[];
}

export interface SmtpInbox {
  /** smtp://127.0.0.1:<port> for SMTP_URL. */
  readonly url: string;
  readonly messages: ReceivedMail[];
  /** How many messages were refused so far. */
  readonly refused: number;
  /** Refuses the next `count` messages at DATA with this reply (4xx: try again later). */
  refuseNext(count: number, code?: number): void;
  /** Runs after a message has arrived and before the server answers 250 (the sender waits for it). */
  beforeAccept(hook: ((mail: ReceivedMail) => Promise<void> | void) | undefined): void;
  close(): Promise<void>;
}

/** A real SMTP server in the test process: what the notifier sends arrives here. */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const messages: ReceivedMail[] = [];
  let refuse = 0;
  let refuseCode = 451;
  let refused = 0;
  let hook: ((mail: ReceivedMail) => Promise<void> | void) | undefined;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse -= 1;
          refused += 1;
          const error: Error & { responseCode?: number } = new Error('mailbox busy, try again later');
          error.responseCode = refuseCode;
          callback(error);
          return;
        }
        const mail: ReceivedMail = {
          ...parseMail(Buffer.concat(chunks).toString('utf8')),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        Promise.resolve(hook?.(mail)).then(
          () => {
            messages.push(mail);
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get refused() {
      return refused;
    },
    refuseNext: (count, code = 451) => {
      refuse = count;
      refuseCode = code;
    },
    beforeAccept: (next) => {
      hook = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
