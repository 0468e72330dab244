/**
 * The domain's own words in JSON Schema (draft 2020-12): the formats and keywords that the task
 * catalogue's payload schemas use beside the standard ones, each with the rule it stands for.
 * `npm run generate:validators` (scripts/payload-validators.ts) registers them with Ajv, once, and
 * compiles every payload schema into validators.generated.ts, whose code calls these functions:
 * the workflow's Update validator, the API and the web app's forms all run that one code.
 */

/**
 * What a payload's rules compare with besides the payload: today's calendar date in the
 * Netherlands (YYYY-MM-DD, see dutchDate). Without it no date is compared with today.
 */
export interface PayloadContext {
  today?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A document reference: 2 to 40 letters, digits and . _ / -, starting with a letter or digit (a UUID is one too). */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{1,39}$/;
/** Text with something in it besides spaces. */
const NOT_BLANK = /\S/;

export const DATE_PATTERN = DATE.source;
export const REFERENCE_PATTERN = REFERENCE.source;
export const NOT_BLANK_PATTERN = NOT_BLANK.source;

/** A date as YYYY-MM-DD that the calendar has (no 30 February; 29 February in leap years only). */
function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return Number(value.slice(8, 10)) <= days;
}

/** The formats of the domain's schemas, by name: each refused value's field error code is FORMAT_ and the name in capitals. */
export const FORMATS = {
  date: isCalendarDate,
  uuid: (value: string): boolean => UUID.test(value),
  reference: (value: string): boolean => REFERENCE.test(value),
} as const;
export type FormatName = keyof typeof FORMATS;

/** The domain's keywords: `x-` names, which JSON Schema tools that do not know them skip (and OpenAPI allows). */
export const KEYWORDS = {
  /** `true` on a date: not after today (a meeting held, an agreement signed, a start made). Field error IN_FUTURE. */
  notAfterToday: 'x-notAfterToday',
  /** The name of a sibling field, on a list: the list holds alternatives to that field's value, so never the value itself. */
  alternativesTo: 'x-alternativesTo',
} as const;

/** What each keyword checks; the validators call these. */
export const KEYWORD_RULES = {
  notAfterToday: (date: string, context: PayloadContext | undefined): boolean => context?.today === undefined || date <= context.today,
  alternativesTo: (alternatives: readonly unknown[], main: unknown): boolean => main === undefined || !alternatives.includes(main),
};

/** An error as the generated validators report it (Ajv's shape). */
export interface SchemaError {
  keyword: string;
  /** JSON Pointer to the value, `''` for the payload itself. */
  instancePath: string;
  /** Where the keyword is in the schema, `#/properties/rating/maximum`. */
  schemaPath: string;
  params: Record<string, unknown>;
}

/** A compiled payload schema: true when the payload keeps to it; its `errors` otherwise. Call it with the context as `this`. */
export interface PayloadValidator {
  (this: PayloadContext, payload: unknown): boolean;
  errors?: SchemaError[] | null;
}
