import type { ErasuresRepository } from '../../libs/database/src/repositories/erasures.repository';

export interface PrivacyActivityDeps {
  erasures: ErasuresRepository;
  defaultRetentionDays: number;
}

/** The retention workflow's activities: ids in, ids and counts out; never personal data. */
export function createPrivacyActivities({ erasures, defaultRetentionDays }: PrivacyActivityDeps) {
  return {
    /** Young people whose journey's retention period has passed, oldest first. */
    expiredCandidates(limit: number): Promise<string[]> {
      return erasures.expired(defaultRetentionDays, limit);
    },

    /** Erases one young person's personal data; true when this call erased it (false: already erased or gone). */
    async eraseCandidate(candidateId: string): Promise<boolean> {
      const before = await erasures.find(candidateId);
      if (before) return false;
      return !!(await erasures.erase(candidateId, 'RETENTION'));
    },
  };
}

export type PrivacyActivities = ReturnType<typeof createPrivacyActivities>;
