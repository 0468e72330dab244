/**
 * The young person's export (AVG art. 15 and 20): the JSON shape, and the same content as a
 * readable document in Dutch (plain HTML with its own print-friendly style, no scripts).
 */
import type { ConsentVersionDto, YoungPersonExportDto } from '../../../../libs/contracts/src/privacy.dto';
import { REFERRED_IN_ERROR } from '../../../../libs/domain/src/journey';
import { EVENT_LABELS, FIELD_LABELS, JOURNEY_ROLE_LABELS, STATUS_LABELS, STEP_LABELS } from '../../../../libs/domain/src/labels';
import { isTaskType, TASK_DEFINITIONS } from '../../../../libs/domain/src/method/catalogue';
import { DATA_CATEGORIES, PURPOSES, type DataCategory, type Purpose } from '../../../../libs/domain/src/privacy';

export type YoungPersonExport = YoungPersonExportDto;

const esc = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const when = (iso: string): string =>
  new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(new Date(iso));
const day = (date: string): string => new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

const label = <K extends string>(labels: Record<K, { nl: string }>, code: string): string => (labels as Record<string, { nl: string }>)[code]?.nl ?? code;
const taskLabel = (type: string): string => (isTaskType(type) ? TASK_DEFINITIONS[type].label.nl : type);

function table(headers: string[], rows: string[][]): string {
  if (!rows.length) return '<p>Geen.</p>';
  return `<table><thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function grantText(v: ConsentVersionDto): string {
  if (v.withdrawnAll) return '<p>Alle toestemming is ingetrokken.</p>';
  return `<ul>${v.grants
    .map((g) => {
      const to = 'role' in g.to && g.to.role ? label(JOURNEY_ROLE_LABELS, g.to.role) : `organisatie ${esc(g.to.organisationId)}`;
      const what = g.categories.length ? g.categories.map((c) => label(DATA_CATEGORIES, c as DataCategory)).join(', ') : 'niets (ingetrokken)';
      const why = g.purposes.map((p) => label(PURPOSES, p as Purpose)).join(', ');
      return `<li><strong>${esc(to)}</strong> mag zien: ${esc(what)}${why ? `; voor: ${esc(why)}` : ''}</li>`;
    })
    .join('')}</ul>`;
}

/** A withdrawal for a referral made in error: its own words, not "ingetrokken" as for consent withdrawn. */
const referredInError = (t: { type: string; data: Record<string, unknown> }): boolean => t.type === 'journey.withdrawn' && t.data.reasonCode === REFERRED_IN_ERROR;

/** The export as a document the young person can read and print. */
export function exportDocument(e: YoungPersonExport): string {
  const p = e.personalData;
  const personal = p
    ? `<dl>
        ${p.firstName ? `<dt>Voornaam</dt><dd>${esc(p.firstName)}</dd>` : ''}
        ${p.lastName ? `<dt>Achternaam</dt><dd>${esc(p.lastName)}</dd>` : ''}
        ${p.dateOfBirth ? `<dt>Geboortedatum</dt><dd>${esc(day(p.dateOfBirth))}</dd>` : ''}
        ${p.email ? `<dt>E-mailadres</dt><dd>${esc(p.email)}</dd>` : ''}
        ${p.phone ? `<dt>Telefoonnummer</dt><dd>${esc(p.phone)}</dd>` : ''}
        ${p.bsn ? `<dt>Burgerservicenummer (BSN)</dt><dd>${esc(p.bsn)}</dd>` : p.bsnRecorded ? '<dt>Burgerservicenummer (BSN)</dt><dd>vastgelegd door de gemeente (alleen de gemeente kan het inzien)</dd>' : ''}
        ${p.situation ? `<dt>Beschrijving van uw situatie bij de aanmelding</dt><dd>${esc(p.situation)}</dd>` : ''}
      </dl>`
    : '<p>Uw persoonsgegevens zijn gewist. Wat hieronder staat, bevat geen persoonsgegevens meer.</p>';
  const referral = e.referral
    ? `<p>Aangemeld op ${esc(when(e.referral.referredAt))} door ${esc(e.referral.referrer.name)}${e.referral.careProvider ? `, met begeleiding door ${esc(e.referral.careProvider.name)}` : ''}.</p>`
    : '';
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Overzicht van uw gegevens</title>
<style>
  body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
  h1, h2 { line-height: 1.2; }
  table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
  th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #767676; padding: 0.4rem 0.5rem; }
  dt { font-weight: bold; margin-top: 0.5rem; }
  dd { margin: 0; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<main>
<h1>Overzicht van uw gegevens</h1>
<p>Dit overzicht bevat alles wat over u is vastgelegd in uw traject naar werk (AVG, artikel 15 en 20). Gemaakt op ${esc(when(e.exportedAt))}. Kenmerk: ${esc(e.candidateId)}.</p>
${e.complete ? '' : '<p><strong>Let op:</strong> dit overzicht bevat alleen de gegevens die u deze organisatie toestemming gaf te zien. Het volledige overzicht vraagt u op bij de gemeente.</p>'}

<h2>Uw persoonsgegevens</h2>
${personal}
${referral}

<h2>Uw traject</h2>
<p>Stap: ${esc(label(STEP_LABELS, e.journey.step))}. Status: ${esc(label(STATUS_LABELS, e.journey.status))}${e.timeline.some(referredInError) ? ' (de aanmelding was ten onrechte)' : ''}.${e.journey.closedAt ? ` Afgesloten op ${esc(when(e.journey.closedAt))}.` : ''}</p>

<h2>Uw toestemming</h2>
${e.consents.map((v) => `<h3>Versie ${v.version}, gegeven op ${esc(when(v.givenAt))} door ${v.givenBy === 'CANDIDATE' ? 'uzelf' : 'uw wettelijk vertegenwoordiger'}</h3>${grantText(v)}`).join('\n') || '<p>Geen.</p>'}
<p>De gemeente verwerkt uw gegevens op grond van haar wettelijke taak, niet op grond van toestemming.</p>

<h2>Wat er in uw traject gebeurde</h2>
${table(
  ['Wanneer', 'Wat', 'Stap', 'Door'],
  e.timeline.map((t) => [esc(when(t.occurredAt)), esc(`${referredInError(t) ? 'aanmelding ten onrechte, traject gesloten' : label(EVENT_LABELS, t.type)}${typeof t.data.taskType === 'string' ? `: ${taskLabel(t.data.taskType)}` : ''}`), esc(label(STEP_LABELS, t.step)), esc(t.organisation?.name ?? '')]),
)}

<h2>Taken in uw traject</h2>
${table(
  ['Taak', 'Organisatie', 'Klaargezet', 'Status'],
  e.tasks.map((t) => [esc(taskLabel(t.type)), esc(t.organisation.name), esc(when(t.createdAt)), esc(t.status.toLowerCase())]),
)}

<h2>Correcties van uw gegevens</h2>
${table(
  ['Wanneer', 'Gegeven', 'Was', 'Werd', 'Reden'],
  e.rectifications.map((r) => [esc(when(r.at)), esc(FIELD_LABELS[r.field]?.nl ?? r.field), esc(r.oldValue), esc(r.newValue), esc(r.reason)]),
)}

<h2>Wie uw gegevens bekeek of wijzigde</h2>
${table(
  ['Wanneer', 'Wie', 'Wat', 'Welke gegevens', 'Waarom'],
  e.accessLog.map((a) => [esc(when(a.when)), esc(a.who), esc(a.what), esc(a.which), esc(a.why)]),
)}
${e.erasure ? `<h2>Wissing</h2><p>Uw persoonsgegevens zijn gewist op ${esc(when(e.erasure.erasedAt))} (${e.erasure.reason === 'RETENTION' ? 'de bewaartermijn was verstreken' : 'op uw verzoek'}).</p>` : ''}
</main>
</body>
</html>
`;
}
