import { InitialSchema1763870000000 } from './1763870000000-initial-schema';

/** Every migration, in order. Add new ones at the end; never edit a shipped one. */
export const MIGRATIONS = [InitialSchema1763870000000];
