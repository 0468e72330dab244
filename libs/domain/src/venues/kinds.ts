/**
 * Placement venues (plaatsingsplekken): the organisation that hosts a journey's orientations,
 * matches and placements is a host organisation (type EMPLOYER) of one of these kinds. The
 * journey's four steps are the same at every kind; what differs is what the venue reports each
 * month and which rules settle it (see the rule tables, libs/domain/src/venues/rules.ts).
 */
import type { Label } from '../method/vocabularies';

const l = (nl: string, en: string): Label => ({ nl, en });

export const VenueKind = {
  REGULAR_EMPLOYER: 'REGULAR_EMPLOYER', // reguliere werkgever (the pilot's entrepreneurs)
  SOCIAL_COOPERATIVE: 'SOCIAL_COOPERATIVE', // sociale coöperatie (members on social assistance)
  SOCIAL_FIRM: 'SOCIAL_FIRM', // Sociaal Bedrijf (half its staff with a work disability)
  FLEX_WORKSPACE: 'FLEX_WORKSPACE', // gemeentelijke flexwerkplek (learning to do business beside market tenants)
} as const;
export type VenueKind = (typeof VenueKind)[keyof typeof VenueKind];
export const VENUE_KINDS = Object.values(VenueKind);

export const VENUE_KIND_LABELS: Record<VenueKind, Label> = {
  REGULAR_EMPLOYER: l('Reguliere werkgever', 'Regular employer'),
  SOCIAL_COOPERATIVE: l('Sociale coöperatie', 'Social cooperative'),
  SOCIAL_FIRM: l('Sociaal Bedrijf', 'Social Firm'),
  FLEX_WORKSPACE: l('Flexwerkplek', 'Flex-work space'),
};

/** What a municipality registers of each kind (besides name): the kind's own data. */
export interface RegularEmployerData {
  sector?: string;
}
export interface SocialCooperativeData {
  /** KvK-nummer: 8 digits. */
  chamberOfCommerceNumber: string;
  /** The monthly benefit level (bijstandsnorm) a member's net result is held against, in cents. */
  benefitLevelCents: number;
  /** After this many consecutive months at or above the benefit level the coordinator is asked to consider a move off the benefit. */
  outflowAfterMonths: number;
}
export interface SocialFirmData {
  /** The firm's own inclusion target in basis points (default 5000 = 50%). */
  inclusionTargetBasisPoints: number;
}
export interface FlexWorkspaceData {
  address: string;
  /** Seats per half-day slot. */
  seats: number;
  /** The seats of every slot reserved for participants from the social domain. */
  socialSeats: number;
}
export type VenueData = RegularEmployerData | SocialCooperativeData | SocialFirmData | FlexWorkspaceData;

/** Defaults the issue names: a Social Firm aims at 50% (the market at 5%). */
export const DEFAULT_INCLUSION_TARGET_BASIS_POINTS = 5000;

/**
 * A dated version of a venue's kind data (a corrected benefit level, a firm's own target, a
 * space's seats): in effect from its day until a later one; of two from the same day the later
 * version wins. The data registered with the venue holds before the first.
 */
export interface VenueDataVersion<D = VenueData> {
  /** `YYYY-MM-DD`. */
  validFrom: string;
  version: number;
  data: D;
}

/** The venue's kind data in effect on a day. */
export function venueDataOn<D>(registered: D, versions: readonly VenueDataVersion<D>[], day: string): D {
  const inEffect = versions.filter((v) => v.validFrom <= day).sort((a, b) => b.validFrom.localeCompare(a.validFrom) || b.version - a.version)[0];
  return inEffect ? inEffect.data : registered;
}
