import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAYLOADS } from '../../../../libs/contracts/src/example-payloads';
import { INVALID_PAYLOADS } from '../../../../libs/contracts/src/invalid-payloads';
import { dutchDate } from '../../../../libs/domain/src/candidate-dates';
import { taskCatalogue, taskPayloadErrors, type TaskType as DomainTaskType } from '../../../../libs/domain/src/method/catalogue';
import type { TaskType } from '../api/client';
import { fieldErrorText } from '../components/problem-text';
import { changeLanguage, i18n } from '../i18n';
import { TaskForm } from './task-form';

const EMPLOYERS = [
  { id: '6f1c2b9e-0d4a-4c1e-9a51-1d2f3e4a5b01', name: 'Fietsenmaker Het Wiel' },
  { id: '6f1c2b9e-0d4a-4c1e-9a51-1d2f3e4a5b02', name: 'Bakkerij De Korrel' },
];

/** A valid payload of every task type, as the tests over HTTP send them. */
const VALID: Record<string, Record<string, unknown>> = {
  'intake.accept': PAYLOADS.accept,
  'intake.meeting': PAYLOADS.meeting,
  'profile.talents': PAYLOADS.talents,
  'orientation.propose': PAYLOADS.propose(EMPLOYERS[0].id, EMPLOYERS[1].id),
  'orientation.respond': PAYLOADS.declines,
  'orientation.feedback': PAYLOADS.feedback,
  'discover.conclude': PAYLOADS.ready,
  'analyse.support-plan': PAYLOADS.supportPlan,
  'analyse.match': PAYLOADS.match(EMPLOYERS[0].id, [EMPLOYERS[1].id]),
  'analyse.decision': PAYLOADS.approve,
  'placement.offer': PAYLOADS.accepts,
  'placement.agreement': PAYLOADS.sign,
  'placement.start': PAYLOADS.start,
  'placement.evaluation': PAYLOADS.evaluation,
  'placement.outcome': PAYLOADS.paidWork,
  'job.follow-up': PAYLOADS.jobEnded,
};

function show(entry: TaskType, onSubmit = vi.fn(), serverErrors?: Record<string, string>) {
  const view = render(
    <I18nextProvider i18n={i18n}>
      <TaskForm entry={entry} organisations={{ EMPLOYER: EMPLOYERS }} onSubmit={onSubmit} serverErrors={serverErrors} />
    </I18nextProvider>,
  );
  return { ...view, onSubmit, form: view.container.querySelector('form')! };
}

/** Fills the rendered form as a user would: boxes and radios clicked, selects chosen, text typed. */
function fill(form: HTMLFormElement, payload: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value)) {
      for (const item of value) fireEvent.click(form.querySelector(`input[name="${name}"][value="${String(item)}"]`)!);
    } else if (typeof value === 'boolean') {
      const box = form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
      if (box.checked !== value) fireEvent.click(box);
    } else {
      const field = form.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
      if (field.type === 'radio') fireEvent.click(form.querySelector(`input[name="${name}"][value="${String(value)}"]`)!);
      else fireEvent.change(field, { target: { value: String(value) } });
    }
  }
}

/** Empty optional lists are not sent. */
function sent(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => !(Array.isArray(v) && v.length === 0)));
}

const catalogue = taskCatalogue() as unknown as TaskType[];

describe('the task form, rendered from the catalogue', () => {
  afterEach(async () => {
    cleanup();
    await changeLanguage('nl');
  });

  it('has a valid example for every task type of the catalogue', () => {
    expect(Object.keys(VALID).sort()).toEqual(catalogue.map((e) => e.type).sort());
  });

  describe.each(catalogue.map((e) => [e.type, e] as const))('%s', (type, entry) => {
    it('labels every shown field in Dutch and sends a valid payload', () => {
      const { form, onSubmit } = show(entry);
      for (const [name, field] of Object.entries(entry.fields)) {
        const shown = form.querySelector(`[name="${name}"]`);
        if (!field.visibleWhen) expect(shown).not.toBeNull();
        if (shown && field.input !== 'organisation' && !field.codes) expect(form.textContent).toContain(field.label.nl);
      }
      fill(form, VALID[type]);
      fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));
      expect(onSubmit).toHaveBeenCalledTimes(1);
      const payload = onSubmit.mock.calls[0][0];
      expect(payload).toEqual(sent(VALID[type]));
      expect(taskPayloadErrors(type as DomainTaskType, payload, { today: dutchDate() })).toEqual([]);
    });

    it('sent empty, shows each required field error at the field and in the summary, and sends nothing', () => {
      const { form, onSubmit } = show(entry);
      fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));
      // Required fields an empty form leaves wrong: not a yes/no box that may be no, not a list that may be empty.
      const schema = entry.payloadSchema as { required?: string[]; properties: Record<string, { type: string; const?: unknown; minItems?: number }> };
      const asked = (schema.required ?? []).filter((name) => {
        const rule = schema.properties[name];
        return rule.type === 'boolean' ? rule.const !== undefined : rule.type === 'array' ? (rule.minItems ?? 0) > 0 : true;
      });
      if (!asked.length) {
        // Nothing the form can refuse by itself (job.follow-up: "still employed" may be no); the API checks the rest.
        expect(onSubmit).toHaveBeenCalledTimes(1);
        return;
      }
      expect(onSubmit).not.toHaveBeenCalled();
      const summary = screen.getByRole('alert');
      expect(summary.querySelectorAll('li')).toHaveLength(asked.length);
      for (const name of asked) {
        const link = summary.querySelector(`a[href$="-${name}"]`);
        expect(link?.textContent).toContain(entry.fields[name].label.nl);
        const target = form.querySelector(`[id="${link!.getAttribute('href')!.slice(1)}"]`)!;
        expect(target.getAttribute('aria-invalid')).toBe('true');
        expect(target.getAttribute('aria-describedby')).toContain('-error');
      }
    });
  });

  it('shows the API field errors at the field and in the summary', () => {
    const entry = catalogue.find((e) => e.type === 'placement.start')!;
    show(entry, vi.fn(), { startDate: 'startDate must be a date as YYYY-MM-DD' });
    expect(screen.getByRole('alert').textContent).toContain(entry.fields.startDate.label.nl);
    expect(document.querySelector('[aria-invalid="true"]')).not.toBeNull();
  });

  it("drops a field's error, its own or the API's, once the field is changed", () => {
    const entry = catalogue.find((e) => e.type === 'placement.start')!;
    const { form } = show(entry, vi.fn(), { startDate: 'startDate must be a date as YYYY-MM-DD' });
    const field = form.querySelector<HTMLInputElement>('[name="startDate"]')!;
    expect(field.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(field, { target: { value: '2026-12-01' } });
    expect(field.getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a number out of range is refused before sending, with the range in Dutch', () => {
    const entry = catalogue.find((e) => e.type === 'orientation.feedback')!;
    const { form, onSubmit } = show(entry);
    fill(form, { ...PAYLOADS.feedback, rating: 9 });
    fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/Vul een waarde van 1 tot en met 5 in/);
  });

  it('takes half hours with a Dutch comma ("12,5") and refuses a step that is not a half', () => {
    const entry = catalogue.find((e) => e.type === 'analyse.match')!;
    const match = PAYLOADS.match(EMPLOYERS[0].id, [EMPLOYERS[1].id]);
    const first = show(entry);
    fill(first.form, { ...match, hoursPerWeek: '12,5' });
    fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));
    expect(first.onSubmit).toHaveBeenCalledTimes(1);
    expect(first.onSubmit.mock.calls[0][0]).toMatchObject({ hoursPerWeek: 12.5 });
    expect(taskPayloadErrors('analyse.match', first.onSubmit.mock.calls[0][0], { today: dutchDate() })).toEqual([]);
    cleanup();

    const second = show(entry);
    fill(second.form, { ...match, hoursPerWeek: '12,3' });
    fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));
    expect(second.onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toMatch(/Vul een getal in stappen van 0,5 in/);
  });

  it("offers the workplaces of the host chosen, and empties the workplace when another host is chosen", () => {
    const entry = catalogue.find((e) => e.type === 'analyse.match')!;
    const workplaces = [
      { id: '7f1c2b9e-0d4a-4c1e-9a51-1d2f3e4a5b01', employerId: EMPLOYERS[0].id, name: 'Fietsenmaker (Markt 1)' },
      { id: '7f1c2b9e-0d4a-4c1e-9a51-1d2f3e4a5b02', employerId: EMPLOYERS[1].id, name: 'Bakker (Markt 2)' },
    ];
    const onSubmit = vi.fn();
    const { container } = render(
      <I18nextProvider i18n={i18n}>
        <TaskForm entry={entry} organisations={{ EMPLOYER: EMPLOYERS }} workplaces={workplaces} onSubmit={onSubmit} />
      </I18nextProvider>,
    );
    const form = container.querySelector('form')!;
    const options = () => [...form.querySelectorAll<HTMLOptionElement>('select[name="workplaceId"] option')].map((o) => o.textContent);
    fill(form, { employerId: EMPLOYERS[0].id });
    expect(options()).toEqual(['Maak een keuze', 'Fietsenmaker (Markt 1)']);
    fill(form, { workplaceId: workplaces[0].id });
    fill(form, { employerId: EMPLOYERS[1].id });
    expect(options()).toEqual(['Maak een keuze', 'Bakker (Markt 2)']);
    expect(form.querySelector<HTMLSelectElement>('select[name="workplaceId"]')!.value).toBe('');
    fill(form, { ...PAYLOADS.match(EMPLOYERS[1].id), workplaceId: workplaces[1].id });
    fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));
    expect(onSubmit.mock.calls[0][0]).toMatchObject({ employerId: EMPLOYERS[1].id, workplaceId: workplaces[1].id });
  });

  // The same cases run through the API (test/e2e/tasks.e2e-spec.ts): the same codes, so the same words at each field.
  it.each(INVALID_PAYLOADS.map((c) => [c.name, c] as const))('refuses %s before sending, at each field in the words of the code the API answers', (_, c) => {
    const entry = catalogue.find((e) => e.type === c.type)!;
    const { form, onSubmit } = show(entry);
    fill(form, c.payload([EMPLOYERS[0].id, EMPLOYERS[1].id]));
    fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));
    expect(onSubmit).not.toHaveBeenCalled();
    const shown = Object.fromEntries([...form.querySelectorAll('[id$="-error"]')].map((e) => [e.id.replace(/-error$/, '').split('-').pop(), e.textContent]));
    expect(shown).toEqual(Object.fromEntries(Object.entries(c.errors).map(([field, error]) => [field, fieldErrorText(i18n.t, error)])));
  });

  it('switches to English labels', async () => {
    await changeLanguage('en');
    const entry = catalogue.find((e) => e.type === 'placement.agreement')!;
    show(entry);
    expect(screen.getByRole('button', { name: 'Submit' })).toBeTruthy();
    expect(document.body.textContent).toContain(entry.fields.signedOn.label.en);
  });
});
