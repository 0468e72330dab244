/** The acts that close a journey; each asks for confirmation first (journey.tsx) and lands on journey-closed.tsx after. */
export const CLOSING_ACTS = ['withdraw', 'exit', 'referral-error'] as const;
export type ClosingAct = (typeof CLOSING_ACTS)[number];
