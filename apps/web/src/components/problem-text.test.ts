import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { FIELD_ERROR_CODES, PROBLEM_CODES } from '../../../../libs/domain/src/problem-codes';
import en from '../locales/en.json';
import nl from '../locales/nl.json';
import { fieldCodeKey, fieldErrorText, problemCodeText } from './problem-text';

async function translator(lng: 'nl' | 'en'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  return instance.t;
}

describe('the words of the API codes', () => {
  it.each(['nl', 'en'] as const)('every problem code and field error code the API can produce has a text in %s', async (lng) => {
    const t = await translator(lng);
    const exists = (key: string) => t(key, { defaultValue: '' }) !== '';
    expect(PROBLEM_CODES.filter((code) => !exists(`problemCode.${code}`))).toEqual([]);
    expect(FIELD_ERROR_CODES.filter((code) => !exists(fieldCodeKey(code)))).toEqual([]);
    // Parameters are filled in: no {{max}} left in a text.
    expect(FIELD_ERROR_CODES.map((code) => fieldErrorText(t, { code, params: { min: 1, max: 40, step: 0.5 } })).filter((text) => text.includes('{{'))).toEqual([]);
  });

  // The field errors of issue 28 as the API answers them (test/e2e/referrals, flex-workspace and social-firm and libs/domain/src/method/catalogue.spec.ts check the API's side).
  const cases = [
    [{ field: 'candidate.email', message: 'email must be an e-mail address', code: 'FORMAT_EMAIL' }, 'Vul een e-mailadres in, zoals naam@voorbeeld.nl.'],
    [{ field: 'candidate.phone', message: 'phone must be a phone number (digits, spaces, +, - and parentheses)', code: 'FORMAT_PHONE' }, 'Vul een telefoonnummer in, zoals 06 12345678: alleen cijfers, spaties, +, - en haakjes.'],
    [{ field: 'payload.alternativeEmployerIds', message: 'payload.alternativeEmployerIds must not repeat employerId', code: 'MAIN_EMPLOYER_ALSO_ALTERNATIVE' }, 'De gekozen werkgever staat ook bij de andere werkgevers. Haal hem daar weg.'],
    [{ field: 'day', message: 'day must be a working day (Monday to Friday)', code: 'NOT_A_WORKING_DAY' }, 'Kies een werkdag: maandag tot en met vrijdag.'],
    [{ field: 'workerReference', message: 'workerReference must be the firm’s own reference of 1-50 letters, digits, "_", "." or "-", never a BSN', code: 'FORMAT_WORKER_REFERENCE' }, 'Vul het personeelsnummer van uw eigen administratie in: 1 tot 50 letters, cijfers, _, . of -. Nooit een BSN.'],
    [{ field: 'name', message: 'name must be shorter than or equal to 200 characters', code: 'TOO_LONG', params: { max: 200 } }, 'Gebruik hoogstens 200 tekens.'],
  ] as const;
  it.each(cases)('a field error $code reads in Dutch, never its English message', async (error, dutch) => {
    const t = await translator('nl');
    expect(fieldErrorText(t, error)).toBe(dutch);
  });

  it('English when the user chose English; an unknown code reads as the general sentence', async () => {
    const t = await translator('en');
    expect(fieldErrorText(t, { code: 'NOT_A_WORKING_DAY' })).toBe('Choose a working day: Monday to Friday.');
    expect(fieldErrorText(await translator('nl'), { code: 'SOMETHING_NEWER' })).toBe('Dit klopt niet. Controleer wat u heeft ingevuld.');
    expect(fieldErrorText(await translator('nl'), {})).toBe('Dit klopt niet. Controleer wat u heeft ingevuld.');
  });

  it('a problem code adds words only where they say more than the status', async () => {
    const t = await translator('nl');
    expect(problemCodeText(t, 'NOT_FOUND', t('problem.status404'))).toBeUndefined();
    expect(problemCodeText(t, 'FOUR_EYES_REQUIRED', t('problem.status403'))).toMatch(/^U heeft deze match zelf voorgesteld/);
    expect(problemCodeText(t, undefined, t('problem.status400'))).toBeUndefined();
  });
});
