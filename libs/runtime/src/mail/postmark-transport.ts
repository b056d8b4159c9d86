import type { MailMessage, SentMessageInfo, Transport } from 'nodemailer';

export interface PostmarkOptions {
  /** https://api.postmarkapp.com, or a local stand-in (POSTMARK_API_URL). */
  readonly apiUrl: string;
  readonly apiToken: string;
  readonly timeoutMs: number;
}

/** A refusal or failure of the Postmark API; status is the HTTP status (undefined: no answer). */
export class PostmarkError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly errorCode: number | undefined,
  ) {
    super(message);
    this.name = 'PostmarkError';
  }
}

interface PostmarkReply {
  readonly ErrorCode?: number;
  readonly Message?: string;
  readonly MessageID?: string;
}

/** A nodemailer transport that sends through Postmark's HTTP API (POST {apiUrl}/email). */
export class PostmarkTransport implements Transport<SentMessageInfo> {
  readonly name = 'postmark';
  readonly version = '1.0.0';

  constructor(private readonly options: PostmarkOptions) {}

  send(mail: MailMessage<SentMessageInfo>, callback: (err: Error | null, info?: SentMessageInfo) => void): void {
    this.post(mail).then(
      (info) => callback(null, info),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  private async post(mail: MailMessage<SentMessageInfo>): Promise<SentMessageInfo> {
    const data = mail.data;
    const envelope = mail.message.getEnvelope();
    const body = {
      From: addressList(data.from),
      To: addressList(data.to),
      Subject: data.subject ?? '',
      TextBody: typeof data.text === 'string' ? data.text : undefined,
      HtmlBody: typeof data.html === 'string' ? data.html : undefined,
      MessageStream: 'outbound',
    };
    let response: Response;
    try {
      response = await fetch(new URL('email', withTrailingSlash(this.options.apiUrl)), {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'X-Postmark-Server-Token': this.options.apiToken,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new PostmarkError(`Postmark unreachable: ${String(error)}`, undefined, undefined);
    }
    const reply = await readReply(response);
    if (!response.ok || (reply.ErrorCode ?? 0) !== 0) {
      throw new PostmarkError(
        `Postmark refused the email: ${response.status} ${reply.Message ?? response.statusText}`,
        response.status,
        reply.ErrorCode,
      );
    }
    return {
      envelope,
      messageId: reply.MessageID ?? '',
      accepted: envelope.to,
      rejected: [],
      response: `${response.status} ${reply.Message ?? 'OK'}`,
    };
  }
}

async function readReply(response: Response): Promise<PostmarkReply> {
  try {
    const parsed: unknown = await response.json();
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

type AddressInput = string | { name?: string; address?: string } | readonly AddressInput[] | undefined;

/** Postmark takes addresses as one comma-separated string. */
function addressList(input: AddressInput): string {
  if (input === undefined) return '';
  if (typeof input === 'string') return input;
  if (Array.isArray(input)) return (input as readonly AddressInput[]).map(addressList).filter(Boolean).join(', ');
  const { name, address } = input as { name?: string; address?: string };
  if (!address) return '';
  return name ? `"${name.replace(/["\\]/g, '')}" <${address}>` : address;
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
