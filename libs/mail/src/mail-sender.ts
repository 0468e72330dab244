/**
 * The one door to SMTP (nodemailer): every e-mail of the system leaves through a MailSender, and
 * what went wrong is classified here once: the server is unreachable (try again later, all mail
 * waits), the address is refused for good (5xx at RCPT: record it on the user), or this one
 * message failed (a 4xx: try it again later; another 5xx: give it up).
 */
import { createTransport } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per outbox row, so a mail sent twice after a crash is recognisably the same mail. */
  messageId: string;
  language: string;
}

export type SendOutcome =
  | { status: 'SENT' }
  /** The server could not be reached or refused the session: nothing is wrong with this mail. */
  | { status: 'SERVER_UNAVAILABLE'; error: string }
  /** The server refused the recipient for good (5xx at RCPT TO). */
  | { status: 'ADDRESS_REJECTED'; error: string }
  /** This mail failed: `permanent` for a 5xx, else worth another try. */
  | { status: 'FAILED'; permanent: boolean; error: string };

export interface MailSenderOptions {
  /** smtp://[user:password@]host:port (smtps:// for implicit TLS). */
  smtpUrl: string;
  /** The From header, e.g. "Plaatsingen <noreply@example.nl>". */
  from: string;
  /** Bound on connecting, the greeting and each socket read. */
  timeoutMs?: number;
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  command?: string;
  message?: string;
}

export class MailSender {
  private readonly transport: ReturnType<typeof createTransport>;

  constructor(private readonly options: MailSenderOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.transport = createTransport(options.smtpUrl, {});
    Object.assign(this.transport.options, { connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  }

  /** Where mail goes, without credentials (for log lines). */
  get server(): string {
    const url = new URL(this.options.smtpUrl);
    return `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`;
  }

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: { 'Content-Language': mail.language, 'Auto-Submitted': 'auto-generated' },
      });
      return { status: 'SENT' };
    } catch (error) {
      return classify(error as SmtpError);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** What a nodemailer error means for the mail (see SendOutcome). */
export function classify(error: SmtpError): Exclude<SendOutcome, { status: 'SENT' }> {
  const text = `${error.responseCode ? `${error.responseCode} ` : ''}${error.message ?? String(error)}`.slice(0, 500);
  const code = error.responseCode;
  if (code === undefined || ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ENOTFOUND'].includes(error.code ?? '')) {
    return { status: 'SERVER_UNAVAILABLE', error: text };
  }
  // 421 and 5xx at the greeting or HELO: the server turns everyone away for now.
  if (code === 421 || ['CONN', 'EHLO', 'HELO', 'AUTH'].includes(error.command ?? '')) return { status: 'SERVER_UNAVAILABLE', error: text };
  if (code >= 500 && error.code === 'EENVELOPE' && (error.command ?? 'RCPT TO').startsWith('RCPT')) return { status: 'ADDRESS_REJECTED', error: text };
  return { status: 'FAILED', permanent: code >= 500, error: text };
}
