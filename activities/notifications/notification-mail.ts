/**
 * What a notification says, in Dutch or English: its in-app title, and its e-mail as plain text
 * and HTML. The young person is named by first name only, and only when the caller passes one
 * (the recipient's party may see it: libs/domain/src/access.ts); nothing else personal, never
 * health or support needs. Subjects and titles carry no name at all.
 */
import { CONSENT_REVOKED, REFERRED_IN_ERROR } from '../../libs/domain/src/journey';
import { isTaskType, taskDefinition } from '../../libs/domain/src/method/catalogue';
import type { JourneyNotice, Language } from '../../libs/domain/src/notifications';

/** Where a notification points: the one place that knows the URLs (the web app's task and journey pages, apps/web). */
export const links = {
  task: (publicUrl: string, candidateId: string, taskId: string): string => `${trim(publicUrl)}/taken/${candidateId}/${encodeURIComponent(taskId)}`,
  journey: (publicUrl: string, candidateId: string): string => `${trim(publicUrl)}/trajecten/${candidateId}`,
  /** The user's own notification preferences (meldingsvoorkeuren), which every mail's footer names. */
  preferences: (publicUrl: string): string => `${trim(publicUrl)}/meldingsvoorkeuren`,
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface NoticeContext {
  language: Language;
  /** The young person's first name, only for a recipient entitled to it. */
  firstName?: string;
  link: string;
  /** The preferences page the footer links to. */
  preferencesLink?: string;
}

export function taskLabel(type: string | undefined, language: Language): string {
  if (!type) return language === 'nl' ? 'een taak' : 'a task';
  return isTaskType(type) ? taskDefinition(type).label[language] : type;
}

/** One formatter per language, made once: making an Intl.DateTimeFormat costs far more than formatting with it. */
const DATE_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }),
};

export function formatDate(iso: string, language: Language): string {
  return DATE_FORMATS[language].format(new Date(iso));
}

type Phrase = (task: string, who: string, due: string, reasonCode?: string) => { title: string; line: string };

/** Per event type and language: the title (no name) and the sentence (`who` is " van Lotte" / " for Lotte", or empty). */
const PHRASES: Record<JourneyNotice['type'], Record<Language, Phrase>> = {
  'task.opened': {
    nl: (t, w, d) => ({ title: `Nieuwe taak: ${t}`, line: `Er staat een nieuwe taak voor uw organisatie klaar: ${t}${w}.${d ? ` Graag afronden vóór ${d}.` : ''}` }),
    en: (t, w, d) => ({ title: `New task: ${t}`, line: `A new task is waiting for your organisation: ${t}${w}.${d ? ` Please complete it by ${d}.` : ''}` }),
  },
  'task.reassigned': {
    nl: (t, w, d) => ({ title: `Taak aan u overgedragen: ${t}`, line: `De regisseur heeft de taak ${t}${w} aan u overgedragen.${d ? ` Graag afronden vóór ${d}.` : ''}` }),
    en: (t, w, d) => ({ title: `Task handed to you: ${t}`, line: `The coordinator handed the task ${t}${w} to you.${d ? ` Please complete it by ${d}.` : ''}` }),
  },
  'task.reminder-due': {
    nl: (t, w, d) => ({ title: `Herinnering: ${t}`, line: `Herinnering: de taak ${t}${w} moet${d ? ` uiterlijk ${d}` : ' binnenkort'} klaar zijn.` }),
    en: (t, w, d) => ({ title: `Reminder: ${t}`, line: `Reminder: the task ${t}${w} is due${d ? ` on ${d}` : ' soon'}.` }),
  },
  'task.escalated': {
    nl: (t, w, d) => ({ title: `Escalatie: ${t} is te laat`, line: `De taak ${t}${w} had${d ? ` op ${d}` : ''} klaar moeten zijn en staat nog open. Als regisseur kunt u navragen of de taak overdragen.` }),
    en: (t, w, d) => ({ title: `Escalation: ${t} is overdue`, line: `The task ${t}${w} was due${d ? ` on ${d}` : ''} and is still open. As coordinator you can follow it up or hand it to someone else.` }),
  },
  'task.cancelled': {
    nl: (t, w) => ({ title: `Taak vervallen: ${t}`, line: `De taak ${t}${w} is vervallen; u hoeft er niets meer mee te doen.` }),
    en: (t, w) => ({ title: `Task cancelled: ${t}`, line: `The task ${t}${w} was cancelled; there is nothing more for you to do.` }),
  },
  'journey.paused': {
    nl: (_t, w) => ({ title: 'Traject gepauzeerd', line: `Het traject${w} is gepauzeerd. Termijnen staan stil tot het wordt hervat.` }),
    en: (_t, w) => ({ title: 'Journey paused', line: `The journey${w} has been paused. Due dates stand still until it resumes.` }),
  },
  'journey.resumed': {
    nl: (_t, w) => ({ title: 'Traject hervat', line: `Het traject${w} is hervat; open taken lopen weer.` }),
    en: (_t, w) => ({ title: 'Journey resumed', line: `The journey${w} has resumed; open tasks run again.` }),
  },
  'journey.withdrawn': {
    nl: (_t, w, _d, reason) =>
      reason === REFERRED_IN_ERROR
        ? { title: 'Aanmelding ten onrechte: traject gesloten', line: `De aanmelding${w} is ten onrechte gedaan en ingetrokken. Het traject is gesloten; u hoeft er niets meer mee te doen.` }
        : !reason || reason === CONSENT_REVOKED
          ? { title: 'Traject beëindigd: toestemming ingetrokken', line: `De toestemming voor het traject${w} is ingetrokken. Het traject is beëindigd.` }
          : { title: 'Traject ingetrokken', line: `Het traject${w} is ingetrokken en daarmee beëindigd.` },
    en: (_t, w, _d, reason) =>
      reason === REFERRED_IN_ERROR
        ? { title: 'Referral made in error: journey closed', line: `The referral${w} was made in error and has been withdrawn. The journey is closed; there is nothing more for you to do.` }
        : !reason || reason === CONSENT_REVOKED
          ? { title: 'Journey ended: consent withdrawn', line: `Consent for the journey${w} has been withdrawn. The journey has ended.` }
          : { title: 'Journey withdrawn', line: `The journey${w} has been withdrawn and has ended with it.` },
  },
  'journey.exited': {
    nl: (_t, w) => ({ title: 'Traject beëindigd', line: `De gemeente heeft het traject${w} beëindigd.` }),
    en: (_t, w) => ({ title: 'Journey ended', line: `The municipality has ended the journey${w}.` }),
  },
  'journey.completed': {
    nl: (_t, w) => ({ title: 'Traject afgerond', line: `Het traject${w} is afgerond: de jongere werkt.` }),
    en: (_t, w) => ({ title: 'Journey completed', line: `The journey${w} is complete: the young person is in work.` }),
  },
  'journey.care-provider-transferred': {
    nl: (_t, w) => ({ title: 'Traject overgedragen', line: `Het traject${w} is overgedragen aan een andere zorgaanbieder.` }),
    en: (_t, w) => ({ title: 'Journey transferred', line: `The journey${w} has been transferred to another care provider.` }),
  },
};

const WORDS = {
  nl: { open: 'Openen', greeting: 'Beste,', footer: 'U ontvangt deze melding omdat uw organisatie aan dit traject werkt. In uw meldingsvoorkeuren kiest u per soort: direct, in het dagoverzicht of niet.', preferences: 'Meldingsvoorkeuren', who: ' van ' },
  en: { open: 'Open', greeting: 'Hello,', footer: 'You receive this notification because your organisation works on this journey. In your notification preferences you choose per kind: at once, in the daily digest, or not at all.', preferences: 'Notification preferences', who: ' for ' },
};

/** The in-app title of a notice (no name). */
export function noticeTitle(notice: JourneyNotice, language: Language): string {
  return PHRASES[notice.type][language](taskLabel(notice.taskType, language), '', notice.dueAt ? formatDate(notice.dueAt, language) : '', notice.reasonCode).title;
}

/** A notice's e-mail. */
export function noticeMail(notice: JourneyNotice, ctx: NoticeContext): RenderedMail {
  const w = WORDS[ctx.language];
  const who = ctx.firstName ? `${w.who}${ctx.firstName}` : '';
  const { title, line } = PHRASES[notice.type][ctx.language](taskLabel(notice.taskType, ctx.language), who, notice.dueAt ? formatDate(notice.dueAt, ctx.language) : '', notice.reasonCode);
  return mail(title, ctx.language, [line], [], ctx.link, ctx.preferencesLink);
}

export interface DigestItem {
  taskType: string;
  dueAt: string;
  escalated: boolean;
  firstName?: string;
  link: string;
}

/** The daily digest (dagoverzicht): the user's overdue tasks, then what was routed into it. */
export function digestMail(day: string, overdue: DigestItem[], notices: { title: string; link: string }[], language: Language, preferencesLink?: string): RenderedMail {
  const nl = language === 'nl';
  const date = new Intl.DateTimeFormat(nl ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  const subject = nl ? `Dagoverzicht ${date}: ${overdue.length} ${overdue.length === 1 ? 'taak' : 'taken'} te laat` : `Daily digest ${date}: ${overdue.length} overdue ${overdue.length === 1 ? 'task' : 'tasks'}`;
  const sections: Section[] = [];
  sections.push({
    heading: nl ? 'Te late taken' : 'Overdue tasks',
    items: overdue.map((t) => ({
      text: `${taskLabel(t.taskType, language)}${t.firstName ? `${WORDS[language].who}${t.firstName}` : ''} — ${nl ? 'was uiterlijk' : 'was due'} ${formatDate(t.dueAt, language)}${t.escalated ? (nl ? ' (geëscaleerd)' : ' (escalated)') : ''}`,
      link: t.link,
    })),
    empty: nl ? 'Geen te late taken.' : 'No overdue tasks.',
  });
  if (notices.length) sections.push({ heading: nl ? 'Meldingen sinds het vorige overzicht' : 'Notifications since the last digest', items: notices.map((n) => ({ text: n.title, link: n.link })) });
  return mail(subject, language, [], sections, undefined, preferencesLink);
}

interface Section {
  heading: string;
  items: { text: string; link: string }[];
  empty?: string;
}

function mail(subject: string, language: Language, lines: string[], sections: Section[], link?: string, preferencesLink?: string): RenderedMail {
  const w = WORDS[language];
  const text = [
    w.greeting,
    '',
    ...lines,
    ...(link ? ['', `${w.open}: ${link}`] : []),
    ...sections.flatMap((s) => ['', s.heading, ...(s.items.length ? s.items.map((i) => `- ${i.text}\n  ${i.link}`) : [s.empty ?? ''])]),
    '',
    '-- ',
    w.footer,
    ...(preferencesLink ? [`${w.preferences}: ${preferencesLink}`] : []),
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; color: #1a1a1a; line-height: 1.5">',
    `<p>${esc(w.greeting)}</p>`,
    ...lines.map((l) => `<p>${esc(l)}</p>`),
    ...(link ? [`<p><a href="${esc(link)}" style="display:inline-block;padding:8px 16px;background:#154273;color:#fff;text-decoration:none">${esc(w.open)}</a></p>`] : []),
    ...sections.flatMap((s) => [
      `<h2 style="font-size:1.1em">${esc(s.heading)}</h2>`,
      s.items.length ? `<ul>${s.items.map((i) => `<li><a href="${esc(i.link)}">${esc(i.text)}</a></li>`).join('')}</ul>` : `<p>${esc(s.empty ?? '')}</p>`,
    ]),
    `<p style="color:#555;font-size:0.9em">${esc(w.footer)}${preferencesLink ? ` <a href="${esc(preferencesLink)}">${esc(w.preferences)}</a>` : ''}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function trim(url: string): string {
  return url.replace(/\/+$/, '');
}
