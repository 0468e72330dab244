/** The journey engine (generic: tasks, timers, claims, pauses, transfers); the method's steps are in ../method. */
export * from './engine';
export * from './events';
export * from './method';
export * from './queries';
export * from './types';
