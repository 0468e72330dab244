/** What arrived in a Mailpit, read through its API (https://mailpit.axllent.org/docs/api-v1/). */

export interface Mail {
  id: string;
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

interface SearchResult {
  messages_count: number;
  messages: { ID: string }[];
}

interface Message {
  ID: string;
  MessageID: string;
  To: { Address: string }[];
  Subject: string;
  Text: string;
  HTML: string;
}

export class MailpitInbox {
  constructor(readonly url: string) {}

  /** Every mail to this address, oldest first, with bodies. */
  async to(address: string): Promise<Mail[]> {
    const response = await fetch(`${this.url}/api/v1/search?limit=1000&query=${encodeURIComponent(`to:"${address}"`)}`);
    if (!response.ok) throw new Error(`Mailpit search: ${response.status} ${await response.text()}`);
    const found = (await response.json()) as SearchResult;
    const mails: Mail[] = [];
    for (const { ID } of [...found.messages].reverse()) {
      const m = (await (await fetch(`${this.url}/api/v1/message/${ID}`)).json()) as Message;
      mails.push({ id: m.ID, messageId: m.MessageID, to: m.To.map((t) => t.Address), subject: m.Subject, text: m.Text, html: m.HTML });
    }
    return mails;
  }

  /**
   * The mails to this address once `count` arrived, and then a while longer (`settleMs`), so a
   * duplicate sent late would be seen too. Fails when fewer arrive within the time.
   */
  async expect(address: string, count: number, timeoutMs = 60000, settleMs = 1500): Promise<Mail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mails = await this.to(address).catch(() => [] as Mail[]);
      if (mails.length >= count) {
        await new Promise((r) => setTimeout(r, settleMs));
        return this.to(address);
      }
      if (Date.now() > deadline) throw new Error(`${mails.length} of ${count} mails to ${address} arrived: ${mails.map((m) => m.subject).join('; ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** A Go regular expression (no look-ahead there) that matches every string not ending in `suffix`. */
export function notEndingWith(suffix: string): string {
  const esc = (c: string): string => c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const alternatives = [...suffix].map((_, i) => {
    const tail = suffix.slice(suffix.length - i);
    return `.*[^${esc(suffix[suffix.length - 1 - i])}]${[...tail].map(esc).join('')}`;
  });
  return `^(?:${alternatives.join('|')}|.{0,${suffix.length - 1}})$`;
}
