/**
 * The codes a task's payload may carry, each labelled in Dutch and English: the form's choices,
 * the timeline's words. Codes are wire values (they live in histories and the read model): add
 * new ones freely, never rename or remove one.
 */
export interface Label {
  nl: string;
  en: string;
}

const l = (nl: string, en: string): Label => ({ nl, en });

export const VOCABULARIES = {
  /** Wishes and goals from the intake meeting (wensen en doelen). */
  goal: {
    WORK_OUTDOORS: l('Buiten werken', 'Working outdoors'),
    WORK_INDOORS: l('Binnen werken', 'Working indoors'),
    RETAIL: l('Winkel of verkoop', 'Shop or sales'),
    HOSPITALITY: l('Horeca', 'Hospitality'),
    TECHNICAL: l('Techniek', 'Technical work'),
    CREATIVE: l('Creatief werk', 'Creative work'),
    CARE_AND_WELFARE: l('Zorg en welzijn', 'Care and welfare'),
    LOGISTICS: l('Logistiek en magazijn', 'Logistics and warehouse'),
    GREEN_AND_ANIMALS: l('Groen en dieren', 'Gardens and animals'),
    ADMINISTRATIVE: l('Kantoorwerk', 'Office work'),
    LEARN_A_TRADE: l('Een vak leren', 'Learning a trade'),
    OWN_BUSINESS: l('Een eigen bedrijf', 'An own business'),
    DAILY_STRUCTURE: l('Dagritme en structuur', 'Daily rhythm and structure'),
    SOCIAL_CONTACTS: l('Contact met collega’s', 'Contact with colleagues'),
    EARN_INCOME: l('Geld verdienen', 'Earning money'),
    INDEPENDENCE: l('Zelfstandiger worden', 'Becoming more independent'),
  },
  /** What the young person is good at (talenten). */
  talent: {
    PRECISE: l('Nauwkeurig', 'Precise'),
    FRIENDLY: l('Vriendelijk', 'Friendly'),
    HANDY: l('Handig met de handen', 'Good with their hands'),
    CREATIVE: l('Creatief', 'Creative'),
    RELIABLE: l('Betrouwbaar', 'Reliable'),
    HARD_WORKING: l('Harde werker', 'Hard-working'),
    CALM: l('Rustig', 'Calm'),
    ORGANISED: l('Georganiseerd', 'Organised'),
    GOOD_WITH_NUMBERS: l('Goed met cijfers', 'Good with numbers'),
    GOOD_WITH_ANIMALS: l('Goed met dieren', 'Good with animals'),
    PHYSICALLY_FIT: l('Fysiek sterk', 'Physically fit'),
    TECHNICAL_INSIGHT: l('Technisch inzicht', 'Technical insight'),
    HELPFUL: l('Behulpzaam', 'Helpful'),
    CURIOUS: l('Nieuwsgierig', 'Curious'),
  },
  /** What the young person likes (interesses). */
  interest: {
    BIKES: l('Fietsen', 'Bicycles'),
    FOOD: l('Eten en koken', 'Food and cooking'),
    CARS: l('Auto’s', 'Cars'),
    ANIMALS: l('Dieren', 'Animals'),
    PLANTS: l('Planten en tuinen', 'Plants and gardens'),
    MUSIC: l('Muziek', 'Music'),
    SPORTS: l('Sport', 'Sports'),
    COMPUTERS: l('Computers', 'Computers'),
    FASHION: l('Kleding en mode', 'Clothes and fashion'),
    CONSTRUCTION: l('Bouwen en klussen', 'Building and odd jobs'),
    CLEANING: l('Schoonmaken', 'Cleaning'),
    SHOPS: l('Winkels', 'Shops'),
    CHILDREN: l('Kinderen', 'Children'),
    ELDERLY: l('Ouderen', 'Older people'),
    CRAFTS: l('Ambacht', 'Crafts'),
  },
  /** How an orientation went (passend bij de werkplek). */
  fit: {
    TEAM: l('Past in het team', 'Fits the team'),
    TOO_BUSY: l('Te druk op de werkplek', 'Workplace too busy'),
    PACE_OK: l('Werktempo haalbaar', 'Pace manageable'),
    PACE_TOO_HIGH: l('Werktempo te hoog', 'Pace too high'),
    TASKS_FIT: l('Taken passen', 'Tasks fit'),
    TASKS_TOO_HARD: l('Taken te moeilijk', 'Tasks too hard'),
    TASKS_TOO_EASY: l('Taken te makkelijk', 'Tasks too easy'),
    TRAVEL_OK: l('Reistijd haalbaar', 'Travel manageable'),
    TRAVEL_TOO_FAR: l('Te ver reizen', 'Too far to travel'),
    NEEDS_SUPERVISION: l('Heeft veel begeleiding nodig', 'Needs a lot of supervision'),
    ENTHUSIASTIC: l('Enthousiast', 'Enthusiastic'),
  },
  /** The support agreed in the support plan (ondersteuning). */
  support: {
    JOB_COACH: l('Jobcoach', 'Job coach'),
    ON_SITE_BUDDY: l('Maatje op de werkplek', 'Buddy at work'),
    STRUCTURED_TASKS: l('Duidelijke, vaste taken', 'Clear, fixed tasks'),
    QUIET_SPACE: l('Rustige werkplek', 'A quiet place to work'),
    ADJUSTED_HOURS: l('Aangepaste werktijden', 'Adjusted working hours'),
    TRANSPORT: l('Vervoer', 'Transport'),
    VISUAL_INSTRUCTIONS: l('Uitleg met beelden', 'Visual instructions'),
    REGULAR_BREAKS: l('Vaste pauzes', 'Regular breaks'),
    TRAINING: l('Scholing', 'Training'),
  },
  /** Progress seen in an evaluation (voortgang). */
  progress: {
    PUNCTUAL: l('Op tijd', 'Punctual'),
    INDEPENDENT: l('Werkt zelfstandiger', 'Works more independently'),
    TEAM_PLAYER: l('Werkt goed samen', 'Works well with others'),
    LEARNS_QUICKLY: l('Leert snel', 'Learns quickly'),
    NEEDS_SUPPORT: l('Heeft meer begeleiding nodig', 'Needs more support'),
    MORE_HOURS: l('Kan meer uren aan', 'Can work more hours'),
    MORE_RESPONSIBILITY: l('Kan meer verantwoordelijkheid aan', 'Can take more responsibility'),
    OFTEN_ABSENT: l('Vaak afwezig', 'Often absent'),
    MOTIVATED: l('Gemotiveerd', 'Motivated'),
  },
  /** The role at the host (functie). */
  role: {
    BIKE_REPAIR: l('Fietsenmaker', 'Bicycle repair'),
    KITCHEN_HELP: l('Keukenhulp', 'Kitchen help'),
    SHOP_ASSISTANT: l('Winkelmedewerker', 'Shop assistant'),
    WAREHOUSE: l('Magazijnmedewerker', 'Warehouse worker'),
    GARDENING: l('Hovenier', 'Gardener'),
    CLEANING: l('Schoonmaker', 'Cleaner'),
    ADMINISTRATION: l('Administratief medewerker', 'Administrative assistant'),
    HOSPITALITY_SERVICE: l('Bediening', 'Waiting staff'),
    PRODUCTION: l('Productiemedewerker', 'Production worker'),
    DELIVERY: l('Bezorger', 'Delivery'),
    ANIMAL_CARE: l('Dierverzorger', 'Animal care'),
    CRAFTS: l('Ambachtelijk medewerker', 'Craft worker'),
    IT_SUPPORT: l('ICT-ondersteuning', 'IT support'),
    CARE_ASSISTANT: l('Helpende zorg', 'Care assistant'),
  },
  /** The contract of paid work (contract). */
  contract: {
    PERMANENT: l('Vast contract', 'Permanent contract'),
    TEMPORARY: l('Tijdelijk contract', 'Temporary contract'),
    TRIAL: l('Proefplaatsing', 'Trial placement'),
    ON_CALL: l('Oproepcontract', 'On-call contract'),
    SHELTERED: l('Beschut werk', 'Sheltered work'),
    APPRENTICESHIP: l('Leerwerkplek', 'Apprenticeship'),
  },
  /** Why the municipality rejects a referral. */
  intakeReason: {
    OUT_OF_SCOPE: l('Past niet bij deze aanpak', 'Not for this approach'),
    OTHER_PROVISION: l('Andere voorziening past beter', 'Another provision fits better'),
    OTHER_MUNICIPALITY: l('Woont in een andere gemeente', 'Lives in another municipality'),
    OUT_OF_AREA: l('Buiten het werkgebied', 'Outside the area'),
    NO_CONSENT: l('Geen toestemming', 'No consent'),
    NOT_READY: l('Nog niet klaar voor werk', 'Not ready for work yet'),
  },
  /** Why a host declines an orientation or a placement. */
  declineReason: {
    NO_CAPACITY: l('Geen plek of begeleiding beschikbaar', 'No room or supervision available'),
    NOT_A_FIT: l('Past niet bij het werk', 'Does not fit the work'),
    NO_SUPERVISION: l('Geen begeleider beschikbaar', 'No supervisor available'),
    TOO_FAR: l('Te ver weg', 'Too far away'),
    TIMING: l('Niet op dit moment', 'Not at this time'),
  },
  /** Why the coordinator gives an open task to another organisation or person (recorded in the timeline). */
  reassignReason: {
    ABSENT: l('Afwezig (ziek of met verlof)', 'Absent (ill or on leave)'),
    WORKLOAD: l('Te veel werk', 'Too much work'),
    WRONG_PARTY: l('Hoort bij een andere partij', 'Belongs with another party'),
    OVERDUE: l('Termijn verlopen', 'Past its due date'),
    OTHER: l('Andere reden', 'Another reason'),
  },
  /** Why the municipality sends a match back. */
  reviseReason: {
    FUNDING_UNCLEAR: l('Financiering nog onduidelijk', 'Funding not yet clear'),
    SUPPORT_INSUFFICIENT: l('Ondersteuning onvoldoende', 'Support insufficient'),
    OTHER_HOST: l('Andere werkplek zoeken', 'Look for another workplace'),
    MORE_INFORMATION: l('Meer informatie nodig', 'More information needed'),
  },
  /** Why a placement ends or the journey is ended at the outcome. */
  endReason: {
    NOT_A_FIT: l('Past niet bij het werk', 'Does not fit the work'),
    HEALTH: l('Gezondheid', 'Health'),
    MOTIVATION: l('Motivatie', 'Motivation'),
    HOST_STOPPED: l('Werkgever stopt', 'The employer stops'),
    MOVED_AWAY: l('Verhuisd', 'Moved away'),
    OTHER_ROUTE: l('Ander traject', 'Another route'),
  },
  /** Why paid work ended. */
  jobEndReason: {
    CONTRACT_ENDED: l('Contract afgelopen', 'Contract ended'),
    DISMISSED: l('Ontslagen', 'Dismissed'),
    RESIGNED: l('Zelf gestopt', 'Resigned'),
    HEALTH: l('Gezondheid', 'Health'),
    MOVED_AWAY: l('Verhuisd', 'Moved away'),
  },
} as const satisfies Record<string, Record<string, Label>>;

export type Vocabulary = keyof typeof VOCABULARIES;
