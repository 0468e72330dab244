import { JourneyEntity } from './journey.entity';

/**
 * TypeORM entities of the tables read as entities (the rest is read and written in SQL by the
 * repositories). The schema itself is the migrations'.
 */
export { JourneyEntity };

export const ENTITIES = [JourneyEntity];
