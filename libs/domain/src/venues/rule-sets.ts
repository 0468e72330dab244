/** The dated rule tables (ruleSet), their variants and the figures each needs. */
import { COOPERATIVE_STATEMENT, EARNINGS_EXEMPTION, EXEMPTION_VARIANTS } from './cooperative';
import { FLEX_WORKSPACE } from './flex-workspace';
import { SOCIAL_FIRM } from './social-firm';

export const RULE_SETS: Record<string, { variants: readonly string[]; required: readonly string[]; optional: readonly string[] }> = {
  [EARNINGS_EXEMPTION]: { variants: EXEMPTION_VARIANTS, required: ['basisPoints', 'monthlyCapCents'], optional: ['maxMonths', 'minAge'] },
  [SOCIAL_FIRM]: { variants: ['DEFAULT'], required: ['targetBasisPoints', 'marketBasisPoints', 'jobHoursHundredths'], optional: [] },
  [COOPERATIVE_STATEMENT]: { variants: ['DEFAULT'], required: ['dueDays'], optional: [] },
  [FLEX_WORKSPACE]: { variants: ['DEFAULT'], required: ['monthlyGoalCents', 'contributionThresholdCents', 'contributionBasisPoints', 'outflowThresholdCents', 'months'], optional: [] },
};
export const RULE_SET_NAMES = Object.keys(RULE_SETS);

/** What is wrong with a rule's variant and figures for its set: field errors, none when right. */
export function ruleErrors(ruleSet: string, variant: string, params: Record<string, unknown>): { field: string; message: string }[] {
  const set = RULE_SETS[ruleSet];
  if (!set) return [{ field: 'ruleSet', message: `ruleSet must be one of ${RULE_SET_NAMES.join(', ')}` }];
  const errors: { field: string; message: string }[] = [];
  if (!set.variants.includes(variant)) errors.push({ field: 'variant', message: `variant must be one of ${set.variants.join(', ')} for ${ruleSet}` });
  for (const key of set.required) if (params[key] === undefined || params[key] === null) errors.push({ field: `params.${key}`, message: `params.${key} is required for ${ruleSet}` });
  for (const key of Object.keys(params)) {
    if (params[key] !== undefined && !set.required.includes(key) && !set.optional.includes(key)) errors.push({ field: `params.${key}`, message: `params.${key} does not belong to ${ruleSet}` });
  }
  return errors;
}
