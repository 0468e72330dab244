import { ProblemException } from '../problem/problem';

/**
 * The cursor of a list newest first by (created_at, id): the last row's creation time to the
 * microsecond (as `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`) and its id.
 */
export function encodeNewestFirstCursor(row: { created_key: string; id: string }): string {
  return Buffer.from(`${row.created_key}Z|${row.id}`).toString('base64url');
}

/** The position a cursor names; 400 for anything this codec did not make. */
export function decodeNewestFirstCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(createdAt ?? '') || !/^[0-9a-f-]{36}$/.test(id ?? '')) {
    throw ProblemException.validation([{ field: 'cursor', message: 'cursor is not a cursor of this list', code: 'INVALID_CURSOR' }]);
  }
  return { createdAt, id };
}

/** A position in a list ordered by one increasing number (a chain's sequence), and which way the list runs. */
export interface SequencePosition {
  seq: number;
  ascending: boolean;
}

/** The cursor after this row of a list by sequence, newest first unless `ascending`. */
export function encodeSequenceCursor(position: SequencePosition): string {
  return Buffer.from(`${position.ascending ? 'a' : 'd'}:${position.seq}`).toString('base64url');
}

/** The position a sequence cursor names; 400 for anything this codec did not make. */
export function decodeSequenceCursor(cursor: string): SequencePosition {
  const match = /^([ad]):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw ProblemException.validation([{ field: 'cursor', message: 'cursor is not a cursor of this list', code: 'INVALID_CURSOR' }]);
  return { seq: Number(match[2]), ascending: match[1] === 'a' };
}
