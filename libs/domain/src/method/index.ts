/** The four-step method: each step's task types, what completing them does, and their vocabularies. */
export * from './catalogue';
export * from './routes';
export * from './task-definition';
export * from './vocabularies';
export * from './four-step';
