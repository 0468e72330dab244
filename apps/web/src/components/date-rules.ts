import { useTranslation } from 'react-i18next';
import { DateRule, TARGET_AGE } from '../../../../libs/domain/src/candidate-dates';

/**
 * The words of a broken date rule (libs/domain/src/candidate-dates.ts): the forms check the
 * rules themselves before sending, and the API's field errors carry the same codes.
 */
export function useDateRuleMessage(): (problem: { code: string } | undefined) => string | undefined {
  const { t } = useTranslation();
  return (problem) => (problem && Object.prototype.hasOwnProperty.call(DateRule, problem.code) ? t(`corrections.dateRule.${problem.code}`, { min: TARGET_AGE.min, max: TARGET_AGE.max }) : undefined);
}
