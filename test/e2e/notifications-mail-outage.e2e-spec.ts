import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client as PgClient } from 'pg';
import { startMailpit, type Mailpit } from '../../libs/devstack/src/mailpit';
import { freePort } from '../../libs/devstack/src/ports';
import { PAYLOADS } from '../support/journey-driver';
import { HttpParties } from '../support/http-driver';
import { MailpitInbox } from '../support/mailpit';
import { bearer, createParties, referralBody, seedUser, sql, startApi, startWorker } from '../support/stack';
import { testRun } from '../support/test-run';

/**
 * The mail server goes down in the middle of a run and comes back: the worker's dispatcher backs
 * off and keeps every mail in the outbox, no workflow waits for it, and when Mailpit is back every
 * mail arrives exactly once. A Mailpit of this file's own (its messages in a file, so what arrived
 * before the outage is still there after), stopped and started on the same ports.
 */
describe('notifications while the mail server is down', () => {
  const tag = randomBytes(4).toString('hex');
  const dbFile = join(mkdtempSync(join(tmpdir(), 'placement-mailpit-')), 'mailpit.db');
  let ports: { smtp: number; ui: number };
  let mailpit: Mailpit | undefined;
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;

  const start = async (): Promise<Mailpit> => startMailpit({ binPath: testRun().mailpitBinary, smtpPort: ports.smtp, uiPort: ports.ui, dbFile, log: () => undefined });

  beforeAll(async () => {
    ports = { smtp: await freePort(), ui: await freePort() };
    mailpit = await start();
    [worker, api, db] = await Promise.all([startWorker({ SMTP_URL: mailpit.smtpUrl }), startApi(), sql()]);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
    await mailpit?.stop();
  });

  it('every mail arrives once after Mailpit is started again; commands were answered all along', async () => {
    const inbox = new MailpitInbox(`http://127.0.0.1:${ports.ui}`);
    const parties = await createParties(db);
    const coordinator = `outage-coordinator-${tag}@mail.test`;
    const coordinatorId = await seedUser(parties.municipalityId, ['coordinator'], 'outage-coordinator');
    await db.query('UPDATE users SET email = $2 WHERE id = $1', [coordinatorId, coordinator]);
    const p = new HttpParties(api, {
      care: await bearer(api, parties.careProviderId, ['support-worker'], 'outage-care'),
      coordinator: await bearer(api, parties.municipalityId, ['coordinator'], 'outage-coordinator'),
    });

    // Before: one journey, one mail.
    const first = await p.refer('care', referralBody(parties));
    expect(await inbox.expect(coordinator, 1)).toHaveLength(1);

    // Down: three more journeys and a completed intake (four more mails), all answered at once.
    await mailpit!.stop();
    const during = [await p.refer('care', referralBody(parties)), await p.refer('care', referralBody(parties)), await p.refer('care', referralBody(parties))];
    await p.complete('coordinator', first, 'intake.accept', PAYLOADS.accept);
    // The mails wait in the outbox while the dispatcher backs off; none is given up.
    const deadline = Date.now() + 30000;
    let waiting = 0;
    while (waiting < 4 && Date.now() < deadline) {
      waiting = (await db.query(`SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = $1 AND status = 'PENDING'`, [coordinator])).rows[0].n;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(waiting).toBe(4);
    await new Promise((r) => setTimeout(r, 3000)); // a few of the dispatcher's tries fail meanwhile
    expect((await db.query(`SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = $1 AND status = 'FAILED'`, [coordinator])).rows[0].n).toBe(0);

    // Back: every mail once, the ones from before the outage still there and not again.
    mailpit = await start();
    const mails = await inbox.expect(coordinator, 5, 90000, 4000);
    expect(mails).toHaveLength(5);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(5);
    for (const candidateId of [first, ...during]) expect(mails.filter((m) => m.text.includes(`/taken/${candidateId}/intake.accept%231`))).toHaveLength(1);
    expect(mails.filter((m) => m.text.includes(`/taken/${first}/intake.meeting%232`))).toHaveLength(1);
    expect((await db.query(`SELECT status, count(*)::int AS n FROM mail_outbox WHERE to_address = $1 GROUP BY status`, [coordinator])).rows).toEqual([{ status: 'SENT', n: 5 }]);
  });
});
