import { OPEN_JOURNEY_STATUSES } from '../../../domain/src/journey';
import { OPEN_TASK_STATUSES } from '../../../domain/src/tasks';

/** SQL conditions on the read model that say a domain rule, written from the domain's own lists. */
const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** The journey (its `status` column) has not ended: running or paused. */
export const isOpenJourney = (column = 'status'): string => `${column} IN (${list(OPEN_JOURNEY_STATUSES)})`;

/** The human task (its `status` column) is still to be done: open or claimed. */
export const isOpenTask = (column = 'status'): string => `${column} IN (${list(OPEN_TASK_STATUSES)})`;
