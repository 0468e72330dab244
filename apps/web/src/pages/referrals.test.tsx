import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { ReferralFormPage } from './referrals';

describe('the referral form', () => {
  beforeEach(async () => {
    // No server here: the organisations list fails, the form itself is what is tested.
    await i18n.changeLanguage('nl');
  });
  afterEach(cleanup);

  function show() {
    const view = render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <I18nextProvider i18n={i18n}>
          <MemoryRouter>
            <ReferralFormPage />
          </MemoryRouter>
        </I18nextProvider>
      </QueryClientProvider>,
    );
    const submit = () => fireEvent.submit(view.container.querySelector('form')!);
    return { ...view, submit };
  }

  const describedBy = (element: Element) => (element.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);

  it('ties the consent radio group and the checkbox to their errors', () => {
    const { submit } = show();
    submit();
    const radios = screen.getAllByRole('radio');
    expect(radios).toHaveLength(2);
    for (const radio of radios) {
      expect(radio.getAttribute('aria-invalid')).toBe('true');
      expect(describedBy(radio)).toEqual([i18n.t('errors.required')]);
    }
    const box = screen.getByRole('checkbox');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(box)).toEqual([i18n.t('errors.mustConfirm')]);
  });

  it('drops the error of a field once it is corrected, and checks it again at the next submit', () => {
    const { submit } = show();
    submit();
    const firstName = screen.getByLabelText(i18n.t('referral.firstName'));
    const box = screen.getByRole('checkbox');
    expect(firstName.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(firstName, { target: { value: 'Sanne' } });
    fireEvent.click(box);
    fireEvent.click(screen.getAllByRole('radio')[0]);
    expect(firstName.getAttribute('aria-invalid')).toBeNull();
    expect(box.getAttribute('aria-invalid')).toBeNull();
    expect(screen.getAllByRole('radio')[1].getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByText(`${i18n.t('referral.firstName')}: ${i18n.t('errors.required')}`)).toBeNull();
    // Still wrong: the last name, untouched.
    expect(screen.getByLabelText(i18n.t('referral.lastName')).getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(firstName, { target: { value: '' } });
    expect(firstName.getAttribute('aria-invalid')).toBeNull();
    submit();
    expect(firstName.getAttribute('aria-invalid')).toBe('true');
  });
});
