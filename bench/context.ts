import type { Log } from '../libs/devstack/src/child-process';
import type { BenchStack } from './stack';

export const SECTIONS = ['roundtrip', 'throughput', 'onboarding', 'memory', 'queries'] as const;
export type Section = (typeof SECTIONS)[number];

/** How much each section does. */
export interface BenchScale {
  name: 'full' | 'quick' | 'smoke';
  roundTripConcurrency: number[];
  /** Measured operations per concurrency level and round (spread over the lanes). */
  roundTripOperations: number;
  roundTripRounds: number;
  throughputJourneys: number;
  throughputConcurrency: number;
  onboardingJourneys: number;
  onboardingConcurrency: number;
  /** Read-model sizes for the query section, seeded in bulk. */
  querySizes: number[];
  queryRepetitions: number;
}

export const SCALES: Record<BenchScale['name'], BenchScale> = {
  full: {
    name: 'full',
    roundTripConcurrency: [1, 8, 32],
    roundTripOperations: 400,
    roundTripRounds: 2,
    throughputJourneys: 100,
    throughputConcurrency: 16,
    onboardingJourneys: 10000,
    onboardingConcurrency: 32,
    querySizes: [10000, 100000],
    queryRepetitions: 50,
  },
  quick: {
    name: 'quick',
    roundTripConcurrency: [1, 8, 32],
    roundTripOperations: 120,
    roundTripRounds: 2,
    throughputJourneys: 32,
    throughputConcurrency: 16,
    onboardingJourneys: 1000,
    onboardingConcurrency: 32,
    querySizes: [1000],
    queryRepetitions: 30,
  },
  smoke: {
    name: 'smoke',
    roundTripConcurrency: [1, 2],
    roundTripOperations: 4,
    roundTripRounds: 2,
    throughputJourneys: 2,
    throughputConcurrency: 2,
    onboardingJourneys: 10,
    onboardingConcurrency: 4,
    querySizes: [50],
    queryRepetitions: 3,
  },
};

export interface BenchContext {
  stack: BenchStack;
  scale: BenchScale;
  log: Log;
  /** The municipality whose caseload onboarding brought in (the memory and visibility sections use it). */
  onboarded?: { municipalityId: string; coordinatorToken: string; candidateIds: string[] };
}
