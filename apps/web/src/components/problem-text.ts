import type { TFunction } from 'i18next';
import { DateRule, TARGET_AGE } from '../../../../libs/domain/src/candidate-dates';
import type { FieldErrorCode } from '../../../../libs/domain/src/problem-codes';
import { formatNumber } from '../i18n';

/**
 * The words of the API's stable codes (libs/domain/src/problem-codes.ts) in the user's language:
 * `detail` and `message` are English for integrators and never shown as they are.
 */

/** Where a field error code's words live: the date rules with the forms' own checks, the rest under `fieldCode`. */
export function fieldCodeKey(code: string): string {
  return Object.prototype.hasOwnProperty.call(DateRule, code) ? `corrections.dateRule.${code}` : `fieldCode.${code}`;
}

/** A field error in words, its numbers written the user's way (0,5); a code the app does not know (a newer API) reads as the general sentence. */
export function fieldErrorText(t: TFunction, error: { code?: FieldErrorCode | string; params?: Record<string, string | number> }): string {
  const key = fieldCodeKey(error.code ?? 'INVALID');
  const params = Object.fromEntries(Object.entries(error.params ?? {}).map(([name, value]) => [name, typeof value === 'number' ? formatNumber(value) : value]));
  const text = t(key, { min: TARGET_AGE.min, max: TARGET_AGE.max, ...params, defaultValue: '' });
  return text || t('fieldCode.INVALID');
}

/** The words of a problem's code, when they say more than its status does. */
export function problemCodeText(t: TFunction, code: string | undefined, statusText: string): string | undefined {
  if (!code) return undefined;
  const text = t(`problemCode.${code}`, { defaultValue: '' });
  return text && text !== statusText ? text : undefined;
}
