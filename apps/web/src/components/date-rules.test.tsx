import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { consentDateProblem, DateRule, dateOfBirthProblem } from '../../../../libs/domain/src/candidate-dates';
import { changeLanguage, i18n } from '../i18n';
import { useDateRuleMessage } from './date-rules';

function Message({ problem }: { problem: { code: string } | undefined }) {
  const message = useDateRuleMessage();
  return <p>{message(problem) ?? 'geen fout'}</p>;
}

const words = (problem: { code: string } | undefined): string => {
  render(
    <I18nextProvider i18n={i18n}>
      <Message problem={problem} />
    </I18nextProvider>,
  );
  const text = screen.getByRole('paragraph').textContent ?? '';
  cleanup();
  return text;
};

describe('the date rules in the forms', () => {
  afterEach(cleanup);

  it('words each rule of the domain in Dutch and English, the API’s codes the same way', async () => {
    for (const lng of ['nl', 'en'] as const) {
      await changeLanguage(lng);
      for (const code of Object.values(DateRule)) {
        const text = words({ code });
        expect(text).not.toContain('corrections.');
        expect(text.length).toBeGreaterThan(20);
      }
    }
    await changeLanguage('nl');
    expect(words({ code: 'AGE_BELOW_TARGET_GROUP' })).toContain('vanaf 16 jaar');
    expect(words({ code: 'AGE_ABOVE_TARGET_GROUP' })).toContain('ouder dan 66');
    expect(words({ code: 'NOT_A_DATE_RULE' })).toBe('geen fout');
  });

  it('the form checks the same functions the API does: a future birth date, ages outside 16-66, consent after today', async () => {
    await changeLanguage('nl');
    const today = '2026-12-07';
    expect(words(dateOfBirthProblem('2031-04-12', today))).toBe('De geboortedatum ligt in de toekomst. Vul de echte geboortedatum in.');
    expect(words(dateOfBirthProblem('2014-01-01', today))).toContain('jonger dan 16');
    expect(words(dateOfBirthProblem('2006-05-05', today))).toBe('geen fout');
    expect(words(consentDateProblem('2027-01-05', today))).toContain('De datum van de toestemming ligt in de toekomst');
  });
});
