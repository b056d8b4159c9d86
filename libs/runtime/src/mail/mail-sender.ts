import { createTransport, type Transporter } from 'nodemailer';
import type { Config } from '@error-tracker/runtime/config/load-config';
import { PostmarkTransport } from './postmark-transport';

export interface OutgoingEmail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Hands emails to the configured mail server; send() resolves once the server accepted the message. */
export interface MailSender {
  readonly kind: 'smtp' | 'postmark';
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** Postmark when its token is set, else SMTP_URL; undefined when neither is configured. Both send from alertFromEmail. */
export function createMailSender(config: Config, timeoutMs: number): MailSender | undefined {
  if (config.postmark !== undefined) {
    const transport = new PostmarkTransport({
      apiUrl: config.postmark.apiUrl,
      apiToken: config.postmark.apiToken,
      timeoutMs,
    });
    return wrap('postmark', createTransport(transport), config.alertFromEmail);
  }
  if (config.smtpUrl !== undefined) {
    const transporter = createTransport({
      url: config.smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    return wrap('smtp', transporter, config.alertFromEmail);
  }
  return undefined;
}

function wrap<T>(kind: MailSender['kind'], transporter: Transporter<T>, from: string): MailSender {
  return {
    kind,
    send: async (email) => {
      await transporter.sendMail({
        from,
        to: [...email.to],
        subject: email.subject,
        text: email.text,
        html: email.html,
      });
    },
    close: () => transporter.close(),
  };
}
