import { taskDefinition } from '../../libs/domain/src/method/catalogue';
import type { JourneyNotice } from '../../libs/domain/src/notifications';
import { digestMail, links, noticeMail, noticeTitle } from './notification-mail';

const notice: JourneyNotice = {
  sequence: 7,
  type: 'task.opened',
  kind: 'TASK_ASSIGNED',
  occurredAt: '2026-11-02T09:00:00.000Z',
  taskId: 'orientation.respond#4',
  taskType: 'orientation.respond',
  dueAt: '2026-11-09T09:00:00.000Z',
  to: [{ organisationId: 'e1' }],
};
const link = links.task('https://plaatsingen.example.nl/', 'c-1', 'orientation.respond#4');

describe('notification mail', () => {
  it("links to the web app's task page under the public URL", () => {
    expect(link).toBe('https://plaatsingen.example.nl/taken/c-1/orientation.respond%234');
  });

  it('is Dutch by default, English by preference, in plain text and HTML, with the task, its due date and the link', () => {
    const nl = noticeMail(notice, { language: 'nl', link });
    expect(nl.subject).toBe(`Nieuwe taak: ${taskDefinition('orientation.respond').label.nl}`);
    expect(noticeTitle(notice, 'nl')).toBe(nl.subject);
    expect(nl.text).toContain('9 november 2026 om 10:00');
    expect(nl.text).toContain(link);
    expect(nl.html).toContain(`href="${link}"`);
    expect(nl.html).toContain('lang="nl"');
    const en = noticeMail(notice, { language: 'en', link });
    expect(en.subject).toMatch(/^New task: /);
    expect(en.text).toContain('9 November 2026');
  });

  it("the footer links to the user's notification preferences (meldingsvoorkeuren) in the web app", () => {
    const preferencesLink = links.preferences('https://plaatsingen.example.nl/');
    expect(preferencesLink).toBe('https://plaatsingen.example.nl/meldingsvoorkeuren');
    const nl = noticeMail(notice, { language: 'nl', link, preferencesLink });
    expect(nl.text).toContain(`Meldingsvoorkeuren: ${preferencesLink}`);
    expect(nl.html).toContain(`href="${preferencesLink}"`);
    expect(digestMail('2026-11-30', [], [], 'en', preferencesLink).text).toContain(`Notification preferences: ${preferencesLink}`);
  });

  it('names the young person by first name only when given one, never in the subject, and escapes HTML', () => {
    const named = noticeMail(notice, { language: 'nl', link, firstName: '<Lotte>' });
    expect(named.subject).not.toContain('Lotte');
    expect(named.text).toContain(' van <Lotte>');
    expect(named.html).toContain(' van &lt;Lotte&gt;');
    expect(named.html).not.toContain('<Lotte>');
    expect(noticeMail(notice, { language: 'nl', link }).text).not.toContain(' van ');
  });

  it('words a withdrawal by its reason: a referral made in error is not a consent withdrawn', () => {
    const withdrawn = (reasonCode?: string): JourneyNotice => ({ sequence: 9, type: 'journey.withdrawn', kind: 'JOURNEY_ACT', occurredAt: notice.occurredAt, to: notice.to, ...(reasonCode ? { reasonCode } : {}) });
    const error = noticeMail(withdrawn('REFERRED_IN_ERROR'), { language: 'nl', link, firstName: 'Lotte' });
    expect(error.subject).toBe('Aanmelding ten onrechte: traject gesloten');
    expect(error.text).toContain('De aanmelding van Lotte is ten onrechte gedaan');
    expect(error.text).not.toMatch(/toestemming/i);
    expect(noticeMail(withdrawn('REFERRED_IN_ERROR'), { language: 'en', link }).subject).toBe('Referral made in error: journey closed');
    expect(noticeMail(withdrawn('CONSENT_REVOKED'), { language: 'nl', link }).subject).toBe('Traject beëindigd: toestemming ingetrokken');
    expect(noticeMail(withdrawn(), { language: 'nl', link }).subject).toBe('Traject beëindigd: toestemming ingetrokken');
    expect(noticeTitle(withdrawn('MOVED_AWAY'), 'nl')).toBe('Traject ingetrokken');
  });

  it('the digest lists every overdue task, and says so when there is none', () => {
    const digest = digestMail('2026-11-30', [{ taskType: 'intake.accept', dueAt: '2026-11-20T08:00:00.000Z', escalated: true, link }], [], 'nl');
    expect(digest.subject).toBe('Dagoverzicht 30 november 2026: 1 taak te laat');
    expect(digest.text).toContain('(geëscaleerd)');
    expect(digestMail('2026-11-30', [], [{ title: 'Traject gepauzeerd', link }], 'en').text).toContain('No overdue tasks.');
  });
});
